package io.bmp.protocols.ipmi.command.sdr;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Get Sensor Reading (IPMI 2.0 §35.14). Byte 2 bit 5 set means "reading unavailable"; byte 3 holds
 * the threshold comparison bits (bit 1 below lower critical, bit 4 at or above upper critical).
 */
public final class GetSensorReading {

  public static final Command ID = new Command(NetFn.SENSOR_EVENT, 0x2D, "Get Sensor Reading");
  public static final int BELOW_LOWER_CRITICAL = 0x02;
  public static final int ABOVE_UPPER_CRITICAL = 0x10;

  private GetSensorReading() {
  }

  public record Request(int sensorNumber) {
    public byte[] encode() {
      return new byte[] {(byte) sensorNumber};
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      return new Request(new WireReader(data).u8());
    }
  }

  public record Response(int raw, boolean unavailable, int thresholds) {
    public byte[] encode() {
      // Byte 2: event messages and scanning enabled (bits 7, 6), bit 5 reading unavailable.
      return new WireWriter().u8(raw).u8(0xC0 | (unavailable ? 0x20 : 0)).u8(0xC0 | thresholds).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int raw = in.u8();
      int flags = in.u8();
      int thresholds = in.remaining() > 0 ? in.u8() & 0x3F : 0;
      return new Response(raw, (flags & 0x20) != 0, thresholds);
    }
  }
}
