package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * RAKP Message 3 (IPMI 2.0 §13.22, Table 13-13): the console proves it knows the user's key. A
 * console that found RAKP 2 wrong sends a non-zero status instead of an auth code.
 */
public record Rakp3(int tag, int status, int bmcSessionId, byte[] authCode) {

  public byte[] encode() {
    return new WireWriter().u8(tag).u8(status).zeros(2).u32(bmcSessionId).bytes(authCode).toByteArray();
  }

  public static Rakp3 decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    int status = in.u8();
    in.skip(2);
    int bmcSessionId = in.u32();
    return new Rakp3(tag, status, bmcSessionId, in.rest());
  }
}
