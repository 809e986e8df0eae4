package io.bmp.protocols.ipmi.command.messaging;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Set Session Privilege Level (IPMI 2.0 §22.18): a session starts at User level; commands that
 * change power or boot need Operator or Administrator. Completion code 80h: "requested level not
 * available for this user", 81h: "exceeds the channel or user limit".
 */
public final class SetSessionPrivilegeLevel {

  public static final Command ID = new Command(NetFn.APP, 0x3B, "Set Session Privilege Level");
  public static final int LEVEL_NOT_AVAILABLE = 0x80;
  public static final int LEVEL_EXCEEDS_LIMIT = 0x81;

  private SetSessionPrivilegeLevel() {
  }

  public record Request(int privilege) {
    public byte[] encode() {
      return new byte[] {(byte) privilege};
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      return new Request(new WireReader(data).u8() & 0x0F);
    }
  }

  public record Response(int privilege) {
    public byte[] encode() {
      return new byte[] {(byte) privilege};
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      return new Response(new WireReader(data).u8() & 0x0F);
    }
  }
}
