package io.bmp.protocols.ipmi.command.messaging;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Close Session (IPMI 2.0 §22.19): ends the session whose (BMC-side) ID it names. No response data. */
public final class CloseSession {

  public static final Command ID = new Command(NetFn.APP, 0x3C, "Close Session");
  /** Completion code 87h: the session ID is not one the BMC knows. */
  public static final int INVALID_SESSION_ID = 0x87;

  private CloseSession() {
  }

  public record Request(int sessionId) {
    public byte[] encode() {
      return new WireWriter().u32(sessionId).toByteArray();
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      return new Request(new WireReader(data).u32());
    }
  }
}
