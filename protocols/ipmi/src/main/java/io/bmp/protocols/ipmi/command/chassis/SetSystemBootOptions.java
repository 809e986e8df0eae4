package io.bmp.protocols.ipmi.command.chassis;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Set System Boot Options (IPMI 2.0 §28.12): parameter 0 set-in-progress, 4 boot info
 * acknowledge, 5 boot flags (what {@code chassis bootdev} writes). Completion code 80h: the
 * parameter is not supported.
 */
public final class SetSystemBootOptions {

  public static final Command ID = new Command(NetFn.CHASSIS, 0x08, "Set System Boot Options");
  public static final int SET_IN_PROGRESS = 0;
  public static final int BOOT_INFO_ACKNOWLEDGE = 4;

  private SetSystemBootOptions() {
  }

  /** @param parameter bits 6:0 of data 1; bit 7 ("mark invalid") is kept apart */
  public record Request(boolean markInvalid, int parameter, byte[] value) {
    public static Request bootFlags(BootFlags flags) {
      return new Request(false, BootFlags.PARAMETER, flags.encode());
    }

    public byte[] encode() {
      return new WireWriter().u8((markInvalid ? 0x80 : 0) | parameter & 0x7F).bytes(value).toByteArray();
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int first = in.u8();
      return new Request((first & 0x80) != 0, first & 0x7F, in.rest());
    }
  }
}
