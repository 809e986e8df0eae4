package io.bmp.protocols.ipmi.command.chassis;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Get Chassis Status (IPMI 2.0 §28.2): bit 0 of the current power state is "system power is on". */
public final class GetChassisStatus {

  public static final Command ID = new Command(NetFn.CHASSIS, 0x01, "Get Chassis Status");

  private GetChassisStatus() {
  }

  /**
   * @param powerState bit 0 on, 1 overload, 2 interlock, 3 power fault, 4 control fault, 6:5 restore policy
   * @param lastEvent last power event bits
   * @param miscState bit 0 intrusion, bit 2 drive fault, bit 3 fan fault
   */
  public record Response(int powerState, int lastEvent, int miscState) {
    public boolean powerOn() {
      return (powerState & 0x01) != 0;
    }

    public byte[] encode() {
      return new WireWriter().u8(powerState).u8(lastEvent).u8(miscState).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Response(in.u8(), in.u8(), in.u8());
    }
  }
}
