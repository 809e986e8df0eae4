package io.bmp.protocols.ipmi.command.sel;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Clear SEL (IPMI 2.0 §31.9): the reservation ID, the letters 'C' 'L' 'R' as a safeguard, then
 * AAh to start erasing or 00h to ask how far it got; the answer's bits 3:0 are 1 when done.
 */
public final class ClearSel {

  public static final Command ID = new Command(NetFn.STORAGE, 0x47, "Clear SEL");
  public static final int INITIATE = 0xAA;
  public static final int GET_STATUS = 0x00;
  public static final int COMPLETED = 0x01;

  private ClearSel() {
  }

  public record Request(int reservationId, int action) {
    public byte[] encode() {
      return new WireWriter().u16(reservationId).u8('C').u8('L').u8('R').u8(action).toByteArray();
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int reservation = in.u16();
      if (in.u8() != 'C' || in.u8() != 'L' || in.u8() != 'R') {
        throw new IpmiDecodeException("Clear SEL without the 'CLR' safeguard");
      }
      return new Request(reservation, in.u8());
    }
  }

  public record Response(int progress) {
    public byte[] encode() {
      return new byte[] {(byte) progress};
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      return new Response(new WireReader(data).u8() & 0x0F);
    }
  }
}
