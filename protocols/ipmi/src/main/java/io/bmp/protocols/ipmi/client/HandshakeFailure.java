package io.bmp.protocols.ipmi.client;

/**
 * Why a session could not be opened, sorted by what an operator does about it: a wrong password
 * and an unknown user read the same to the BMC's owner, a missing privilege is a different fix,
 * and a cipher suite the BMC refuses is a configuration matter.
 */
public final class HandshakeFailure extends Exception {

  public enum Reason {
    /** Unknown user name, or a password that does not match (RAKP 2's auth code is wrong, or RAKP 4 is refused). */
    AUTHENTICATION,
    /** The user exists but may not have the privilege asked for. */
    PRIVILEGE,
    /** The BMC refuses the cipher suite or does not speak IPMI 2.0. */
    UNSUPPORTED,
    /** The BMC has no room for another session. */
    BUSY,
    /** Answers that do not fit the exchange (wrong tag, wrong session ID, undecodable). */
    PROTOCOL
  }

  private final Reason reason;

  public HandshakeFailure(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
