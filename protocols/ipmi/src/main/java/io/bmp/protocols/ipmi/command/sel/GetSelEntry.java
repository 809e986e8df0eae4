package io.bmp.protocols.ipmi.command.sel;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Get SEL Entry (IPMI 2.0 §31.5). Record ID 0000h is the first entry, FFFFh the last; the
 * response's next record ID is FFFFh after the last. Bytes to read FFh: the whole record.
 */
public final class GetSelEntry {

  public static final Command ID = new Command(NetFn.STORAGE, 0x43, "Get SEL Entry");
  public static final int FIRST = 0x0000;
  public static final int LAST = 0xFFFF;
  public static final int WHOLE_RECORD = 0xFF;

  private GetSelEntry() {
  }

  public record Request(int reservationId, int recordId, int offset, int count) {
    public static Request whole(int recordId) {
      return new Request(0, recordId, 0, WHOLE_RECORD);
    }

    public byte[] encode() {
      return new WireWriter().u16(reservationId).u16(recordId).u8(offset).u8(count).toByteArray();
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Request(in.u16(), in.u16(), in.u8(), in.u8());
    }
  }

  public record Response(int nextRecordId, byte[] record) {
    public byte[] encode() {
      return new WireWriter().u16(nextRecordId).bytes(record).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Response(in.u16(), in.rest());
    }
  }
}
