package io.bmp.protocols.ipmi.command.global;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Get Device ID (IPMI 2.0 §20.1). Tools read {@code additionalSupport} before SDR and SEL work:
 * bit 0 sensor device, bit 1 SDR repository, bit 2 SEL, bit 3 FRU inventory, bit 7 chassis.
 */
public final class GetDeviceId {

  public static final Command ID = new Command(NetFn.APP, 0x01, "Get Device ID");
  public static final int SENSOR_DEVICE = 0x01;
  public static final int SDR_REPOSITORY = 0x02;
  public static final int SEL_DEVICE = 0x04;
  public static final int CHASSIS_DEVICE = 0x80;

  private GetDeviceId() {
  }

  public record Response(int deviceId, int deviceRevision, int firmwareMajor, int firmwareMinor, int ipmiVersion,
      int additionalSupport, int manufacturerId, int productId) {
    public byte[] encode() {
      return new WireWriter().u8(deviceId).u8(deviceRevision).u8(firmwareMajor & 0x7F).u8(bcd(firmwareMinor))
          .u8(ipmiVersion).u8(additionalSupport).u8(manufacturerId).u8(manufacturerId >>> 8).u8(manufacturerId >>> 16)
          .u16(productId).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int deviceId = in.u8();
      int revision = in.u8() & 0x0F;
      int major = in.u8() & 0x7F;
      int minorBcd = in.u8();
      int version = in.u8();
      int support = in.u8();
      int manufacturer = in.u8() | in.u8() << 8 | (in.u8() & 0x0F) << 16;
      return new Response(deviceId, revision, major, (minorBcd >>> 4) * 10 + (minorBcd & 0x0F), version, support,
          manufacturer, in.u16());
    }

    private static int bcd(int value) {
      return (value / 10 % 10) << 4 | value % 10;
    }
  }
}
