package io.bmp.protocols.ipmi.command.sel;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Reserve SEL (IPMI 2.0 §31.4): a reservation ID that Clear SEL and partial reads must quote. */
public final class ReserveSel {

  public static final Command ID = new Command(NetFn.STORAGE, 0x42, "Reserve SEL");

  private ReserveSel() {
  }

  public record Response(int reservationId) {
    public byte[] encode() {
      return new WireWriter().u16(reservationId).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      return new Response(new WireReader(data).u16());
    }
  }
}
