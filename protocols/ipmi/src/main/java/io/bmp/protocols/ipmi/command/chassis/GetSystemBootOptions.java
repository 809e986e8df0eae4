package io.bmp.protocols.ipmi.command.chassis;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Get System Boot Options (IPMI 2.0 §28.13). */
public final class GetSystemBootOptions {

  public static final Command ID = new Command(NetFn.CHASSIS, 0x09, "Get System Boot Options");

  private GetSystemBootOptions() {
  }

  public record Request(int parameter, int setSelector, int blockSelector) {
    public byte[] encode() {
      return new byte[] {(byte) (parameter & 0x7F), (byte) setSelector, (byte) blockSelector};
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      return new Request(in.u8() & 0x7F, in.u8(), in.u8());
    }
  }

  /** @param locked bit 7 of the parameter byte: the parameter is marked invalid / locked */
  public record Response(int version, boolean locked, int parameter, byte[] value) {
    public byte[] encode() {
      return new WireWriter().u8(version).u8((locked ? 0x80 : 0) | parameter & 0x7F).bytes(value).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int version = in.u8();
      int second = in.u8();
      return new Response(version, (second & 0x80) != 0, second & 0x7F, in.rest());
    }
  }
}
