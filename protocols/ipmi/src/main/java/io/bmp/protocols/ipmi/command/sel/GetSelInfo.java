package io.bmp.protocols.ipmi.command.sel;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Get SEL Info (IPMI 2.0 §31.2): entry count, free space, last add and erase times, what is supported. */
public final class GetSelInfo {

  public static final Command ID = new Command(NetFn.STORAGE, 0x40, "Get SEL Info");
  /** Operation support bit 1: Reserve SEL supported. */
  public static final int RESERVE_SUPPORTED = 0x02;

  private GetSelInfo() {
  }

  public record Response(int version, int entries, int freeBytes, long lastAddition, long lastErase, int support) {
    public byte[] encode() {
      return new WireWriter().u8(version).u16(entries).u16(freeBytes).u32((int) lastAddition).u32((int) lastErase)
          .u8(support).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Response(in.u8(), in.u16(), in.u16(), in.u32() & 0xFFFFFFFFL, in.u32() & 0xFFFFFFFFL, in.u8());
    }
  }
}
