package io.bmp.protocols.dhcp;

/**
 * What the server does with one received message: the outcome (for logs and metrics) and, when
 * it answers, the reply and where it goes.
 *
 * @param reply null when the server stays silent
 * @param destination the IPv4 address to send to ({@code 0xffffffff} for a broadcast)
 * @param port 67 to a relay, 68 to a client (or the PXE client's own port in proxy mode)
 * @param detail one line for the log: why, and about whom
 */
public record Decision(Outcome outcome, DhcpMessage reply, int destination, int port, String detail) {

  public static final int BROADCAST = 0xffffffff;

  /** Every way a message can end. */
  public enum Outcome {
    OFFERED, ACKED, NAKED, INFORMED,
    RELEASED, DECLINED,
    /** No reservation for the MAC: reservation-only servers stay silent. */
    UNKNOWN_CLIENT,
    /** A REQUEST naming another server: the client chose that one. */
    OTHER_SERVER,
    /**
     * Relayed from a network the MAC's reserved address is not on (RFC 2131 §4.3.1: the relay's
     * network decides): no offer, and a NAK to a REQUEST (§4.3.2, a client that moved).
     */
    WRONG_NETWORK,
    /** In proxy mode, a client that is not network-booting. */
    NOT_PXE,
    /** A BOOTREPLY from another DHCP server was seen (a rogue, unless it is expected). */
    ROGUE_SERVER,
    /** Not a DHCP request we serve (plain BOOTP, a reply, an unknown type). */
    IGNORED
  }

  static Decision silent(Outcome outcome, String detail) {
    return new Decision(outcome, null, 0, 0, detail);
  }

  public boolean answers() {
    return reply != null;
  }
}
