package io.bmp.protocols.ipmi.server;

import io.bmp.protocols.ipmi.message.IpmiRequest;

/**
 * What a BMC does with the commands of an active session, other than the session commands the
 * endpoint answers itself. {@code privilege} is the session's current level, for the handler's
 * own checks (completion code D4h when too low).
 */
public interface CommandHandler {

  Reply handle(IpmiRequest request, int privilege);

  /** A completion code and, when it is 00h, the response data. */
  record Reply(int completionCode, byte[] data) {
    public static Reply ok(byte[] data) {
      return new Reply(0x00, data);
    }

    public static Reply error(int completionCode) {
      return new Reply(completionCode, new byte[0]);
    }
  }
}
