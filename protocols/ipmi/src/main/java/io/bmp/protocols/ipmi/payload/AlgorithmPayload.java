package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/** The eight-byte algorithm proposals of Open Session Request and Response (§13.17). */
final class AlgorithmPayload {

  static final int AUTHENTICATION = 0x00;
  static final int INTEGRITY = 0x01;
  static final int CONFIDENTIALITY = 0x02;

  private AlgorithmPayload() {
  }

  static void write(WireWriter out, int kind, int algorithm) {
    out.u8(kind).zeros(2).u8(0x08).u8(algorithm).zeros(3);
  }

  static int read(WireReader in, int kind) throws IpmiDecodeException {
    int type = in.u8();
    if (type != kind) {
      throw new IpmiDecodeException("algorithm payload type " + type + ", expected " + kind);
    }
    in.skip(2);
    int length = in.u8();
    if (length != 0x08) {
      // Length 0 means "any algorithm" in a request; we always propose exactly one.
      throw new IpmiDecodeException("algorithm payload length " + length + " is not supported");
    }
    int algorithm = in.u8() & 0x3F;
    in.skip(3);
    return algorithm;
  }
}
