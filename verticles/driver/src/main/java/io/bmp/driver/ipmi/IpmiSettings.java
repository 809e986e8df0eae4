package io.bmp.driver.ipmi;

/**
 * How the driver talks IPMI: the cipher suite it proposes, the privilege it asks for, the first
 * retransmission timeout (doubled per attempt, jittered) and how many attempts a datagram gets.
 */
public record IpmiSettings(int cipherSuite, int privilege, long timeoutMillis, int attempts) {

  public static final IpmiSettings DEFAULTS = new IpmiSettings(3, 4, 500, 4);
}
