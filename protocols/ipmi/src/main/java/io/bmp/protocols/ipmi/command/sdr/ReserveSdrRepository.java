package io.bmp.protocols.ipmi.command.sdr;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Reserve SDR Repository (IPMI 2.0 §33.11): partial reads of a record quote the reservation. */
public final class ReserveSdrRepository {

  public static final Command ID = new Command(NetFn.STORAGE, 0x22, "Reserve SDR Repository");

  private ReserveSdrRepository() {
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
