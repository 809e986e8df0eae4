package io.bmp.protocols.ipmi.command.sdr;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Get SDR Repository Info (IPMI 2.0 §33.9). */
public final class GetSdrRepositoryInfo {

  public static final Command ID = new Command(NetFn.STORAGE, 0x20, "Get SDR Repository Info");

  private GetSdrRepositoryInfo() {
  }

  public record Response(int version, int records, int freeBytes, long lastAddition, long lastErase, int support) {
    public byte[] encode() {
      return new WireWriter().u8(version).u16(records).u16(freeBytes).u32((int) lastAddition).u32((int) lastErase)
          .u8(support).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Response(in.u8(), in.u16(), in.u16(), in.u32() & 0xFFFFFFFFL, in.u32() & 0xFFFFFFFFL, in.u8());
    }
  }
}
