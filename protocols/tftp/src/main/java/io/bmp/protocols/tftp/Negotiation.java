package io.bmp.protocols.tftp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's side of option negotiation (RFC 2347): which requested options it accepts, with
 * what values, and the transfer parameters that result. Unknown or malformed options are left out
 * of the OACK (the client then uses the default), never refused: a PXE ROM that asks oddly still boots.
 *
 * @param blockSize bytes per DATA packet (RFC 2348: 8..65464; 512 without the option)
 * @param timeoutSeconds retransmission timeout asked by the client (RFC 2349: 1..255), or 0 for the server's
 * @param windowSize DATA packets sent before waiting for an ACK (RFC 7440: 1..65535; 1 without the option)
 * @param accepted the options to put in the OACK, empty when no OACK is due
 */
public record Negotiation(int blockSize, int timeoutSeconds, int windowSize, Map<String, String> accepted) {

  public static final int DEFAULT_BLOCK_SIZE = 512;
  public static final int MIN_BLOCK_SIZE = 8;
  public static final int MAX_BLOCK_SIZE = 65464;

  /**
   * @param maxBlockSize the largest block this server sends (it may answer less than asked, RFC 2348)
   * @param maxWindowSize the largest window this server sends (RFC 7440 lets it answer less)
   * @param fileSize the size answered to {@code tsize}
   */
  public static Negotiation of(Map<String, String> requested, int maxBlockSize, int maxWindowSize, long fileSize) {
    Map<String, String> accepted = new LinkedHashMap<>();
    int blockSize = DEFAULT_BLOCK_SIZE;
    int timeout = 0;
    int window = 1;
    for (Map.Entry<String, String> option : requested.entrySet()) {
      Long value = number(option.getValue());
      switch (option.getKey()) {
        case "blksize" -> {
          if (value != null && value >= MIN_BLOCK_SIZE && value <= MAX_BLOCK_SIZE) {
            blockSize = (int) Math.min(value, maxBlockSize);
            accepted.put("blksize", Integer.toString(blockSize));
          }
        }
        // A read request's tsize carries nothing (RFC 2349 has the client send 0): the file's size
        // is answered whatever was written there. atftp 0.8 sends the word "enable".
        case "tsize" -> accepted.put("tsize", Long.toString(fileSize));
        case "timeout" -> {
          if (value != null && value >= 1 && value <= 255) {
            timeout = value.intValue();
            accepted.put("timeout", Long.toString(value));
          }
        }
        case "windowsize" -> {
          if (value != null && value >= 1 && value <= 65535) {
            window = (int) Math.min(value, maxWindowSize);
            accepted.put("windowsize", Integer.toString(window));
          }
        }
        default -> { } // RFC 2347: options the server does not know are omitted from the OACK
      }
    }
    return new Negotiation(blockSize, timeout, window, accepted);
  }

  private static Long number(String text) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(text);
  }

  public boolean needsOptionAck() {
    return !accepted.isEmpty();
  }
}
