package io.bmp.protocols.ipmi.command.sdr;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import java.nio.charset.StandardCharsets;

/**
 * A Full Sensor Record, SDR type 01h (IPMI 2.0 §43.1, Table 43-1), for a linear threshold sensor:
 * the reading converts as {@code y = (M·x + B·10^Bexp) · 10^Rexp} (§36.3). Byte numbers in the
 * comments are the spec's (1-based, header included).
 *
 * @param sensorType Table 42-3: 01h temperature, 02h voltage, 04h fan, 0Bh power unit …
 * @param baseUnit Table 43-15: 1 degrees C, 4 volts, 6 watts, 18 RPM
 */
public record FullSensorRecord(int recordId, int sensorNumber, int entityId, int sensorType, int baseUnit, int m, int b,
    int bExponent, int rExponent, int upperCritical, int lowerCritical, String name) {

  public static final int TYPE = 0x01;
  public static final int SDR_VERSION = 0x51;
  public static final int HEADER = 5;
  private static final int THRESHOLD_READING = 0x01;

  /** The reading a raw (unsigned, linear) byte stands for. */
  public double value(int raw) {
    return (m * raw + b * Math.pow(10, bExponent)) * Math.pow(10, rExponent);
  }

  public byte[] encode() {
    byte[] id = name.getBytes(StandardCharsets.US_ASCII);
    int idLength = Math.min(id.length, 16);
    WireWriter body = new WireWriter()
        .u8(0x20).u8(0x00).u8(sensorNumber)            // 6-8: owner ID (BMC), owner LUN, sensor number
        .u8(entityId).u8(0x01)                         // 9-10: entity ID, instance
        .u8(0x7F).u8(0x68)                             // 11-12: initialisation (scanning, events), capabilities (thresholds readable)
        .u8(sensorType).u8(THRESHOLD_READING)          // 13-14
        .u16(0x0A00).u16(0x0A00).u16(0x1212)           // 15-20: assertion, deassertion, readable-threshold masks (UC, LC)
        .u8(0x00).u8(baseUnit).u8(0x00)                // 21-23: unsigned, base unit, no modifier
        .u8(0x00)                                      // 24: linear
        .u8(m & 0xFF).u8((m >>> 2) & 0xC0)             // 25-26: M (10 bits, 2's complement), tolerance 0
        .u8(b & 0xFF).u8((b >>> 2) & 0xC0)             // 27-28: B, accuracy 0
        .u8(0x00)                                      // 29: accuracy, direction
        .u8((rExponent & 0x0F) << 4 | bExponent & 0x0F) // 30: R exponent, B exponent (4-bit 2's complement)
        .u8(0x00).u8(0x00).u8(0x00).u8(0x00)           // 31-34: analog flags, nominal, normal max/min
        .u8(0xFF).u8(0x00)                             // 35-36: sensor max / min reading
        .u8(0x00).u8(upperCritical).u8(0x00)           // 37-39: upper non-recoverable, critical, non-critical
        .u8(0x00).u8(lowerCritical).u8(0x00)           // 40-42: lower ones
        .u8(0x00).u8(0x00).u16(0x0000).u8(0x00)        // 43-47: hysteresis, reserved, OEM
        .u8(0xC0 | idLength).bytes(id, 0, idLength);   // 48-: 8-bit ASCII ID string
    byte[] bytes = body.toByteArray();
    return new WireWriter().u16(recordId).u8(SDR_VERSION).u8(TYPE).u8(bytes.length).bytes(bytes).toByteArray();
  }

  public static FullSensorRecord decode(byte[] record) throws IpmiDecodeException {
    WireReader in = new WireReader(record);
    int id = in.u16();
    in.u8();
    int type = in.u8();
    if (type != TYPE) {
      throw new IpmiDecodeException("SDR type " + type + " is not a full sensor record");
    }
    int length = in.u8();
    if (length < 43 || in.remaining() < length) {
      throw new IpmiDecodeException("full sensor record body of " + length + " bytes");
    }
    in.skip(2);
    int number = in.u8();
    int entity = in.u8();
    in.skip(3);
    int sensorType = in.u8();
    in.skip(8);
    int baseUnit = in.u8();
    in.skip(2);
    int mLow = in.u8();
    int mHigh = in.u8();
    int bLow = in.u8();
    int bHigh = in.u8();
    in.u8();
    int exponents = in.u8();
    in.skip(7);                       // 31-37: analog flags … upper non-recoverable
    int upperCritical = in.u8();      // 38
    in.skip(2);                       // 39-40: upper non-critical, lower non-recoverable
    int lowerCritical = in.u8();      // 41
    in.skip(6);                       // 42-47: lower non-critical, hysteresis, reserved, OEM
    int idType = in.u8();
    String name = new String(in.bytes(Math.min(idType & 0x1F, in.remaining())), StandardCharsets.US_ASCII);
    return new FullSensorRecord(id, number, entity, sensorType, baseUnit, signed(mLow | (mHigh & 0xC0) << 2, 10),
        signed(bLow | (bHigh & 0xC0) << 2, 10), signed(exponents & 0x0F, 4), signed(exponents >>> 4, 4), upperCritical,
        lowerCritical, name);
  }

  private static int signed(int value, int bits) {
    return (value << (32 - bits)) >> (32 - bits);
  }
}
