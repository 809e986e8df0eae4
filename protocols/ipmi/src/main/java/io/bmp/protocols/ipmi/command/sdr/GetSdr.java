package io.bmp.protocols.ipmi.command.sdr;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Get SDR (IPMI 2.0 §33.12): part of a record, from {@code offset}, {@code count} bytes (FFh: to
 * the end). Tools read the five-byte header first, then the body in pieces.
 */
public final class GetSdr {

  public static final Command ID = new Command(NetFn.STORAGE, 0x23, "Get SDR");
  public static final int WHOLE_RECORD = 0xFF;
  public static final int LAST = 0xFFFF;

  private GetSdr() {
  }

  public record Request(int reservationId, int recordId, int offset, int count) {
    public byte[] encode() {
      return new WireWriter().u16(reservationId).u16(recordId).u8(offset).u8(count).toByteArray();
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Request(in.u16(), in.u16(), in.u8(), in.u8());
    }
  }

  public record Response(int nextRecordId, byte[] bytes) {
    public byte[] encode() {
      return new WireWriter().u16(nextRecordId).bytes(bytes).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Response(in.u16(), in.rest());
    }
  }
}
