package io.bmp.protocols.ipmi.command.sel;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * A 16-byte System Event Log record of type 02h, system event (IPMI 2.0 §32.1): when, who
 * generated it, which sensor, the event direction and type, and three bytes of event data.
 *
 * @param timestamp seconds since 1970-01-01 (IPMI's own epoch for SEL times)
 * @param eventDirType bit 7: deassertion; bits 6:0 the event/reading type code
 */
public record SelRecord(int recordId, int recordType, long timestamp, int generatorId, int sensorType, int sensorNumber,
    int eventDirType, int data1, int data2, int data3) {

  public static final int LENGTH = 16;
  public static final int SYSTEM_EVENT = 0x02;
  private static final int EVM_REVISION = 0x04;

  public boolean deassertion() {
    return (eventDirType & 0x80) != 0;
  }

  public byte[] encode() {
    return new WireWriter().u16(recordId).u8(recordType).u32((int) timestamp).u16(generatorId).u8(EVM_REVISION)
        .u8(sensorType).u8(sensorNumber).u8(eventDirType).u8(data1).u8(data2).u8(data3).toByteArray();
  }

  public static SelRecord decode(byte[] data) throws IpmiDecodeException {
    WireReader in = new WireReader(data);
    int id = in.u16();
    int type = in.u8();
    long timestamp = in.u32() & 0xFFFFFFFFL;
    int generator = in.u16();
    in.u8(); // event message format revision
    return new SelRecord(id, type, timestamp, generator, in.u8(), in.u8(), in.u8(), in.u8(), in.u8(), in.u8());
  }
}
