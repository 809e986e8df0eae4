package io.bmp.protocols.ipmi.server;

/**
 * The BMC's check on inbound session sequence numbers (IPMI 2.0 §6.12.13): a number already seen,
 * or more than 32 behind the highest seen, is a replay or too stale and is dropped; numbers ahead
 * of the highest (up to 32) are accepted, since datagrams may be lost or reordered.
 */
final class ReplayWindow {

  private static final int SIZE = 32;
  private long highest;
  private long seen; // bit i: highest - i was accepted

  boolean accept(int sequence) {
    long value = sequence & 0xFFFFFFFFL;
    if (value == 0) {
      return false;
    }
    if (highest == 0) {
      highest = value;
      seen = 1;
      return true;
    }
    if (value > highest) {
      long ahead = value - highest;
      if (ahead > SIZE) {
        return false;
      }
      seen = (seen << ahead) | 1; // ahead is at most 32: the shift stays inside the long
      highest = value;
      return true;
    }
    long behind = highest - value;
    if (behind >= SIZE || (seen & (1L << behind)) != 0) {
      return false;
    }
    seen |= 1L << behind;
    return true;
  }
}
