package io.bmp.protocols.dhcp;

/**
 * A datagram that is not a DHCPv4 message we can read. The only exception the decoder throws,
 * so a server can count and drop bad packets without catching anything else.
 */
public final class DhcpDecodeException extends Exception {

  /** Why the bytes were refused. */
  public enum Reason { TOO_SHORT, BAD_MAGIC_COOKIE, BAD_OPTION, BAD_HARDWARE_ADDRESS, BAD_OP }

  private final Reason reason;

  public DhcpDecodeException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
