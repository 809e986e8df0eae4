package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * RAKP Message 1 (IPMI 2.0 §13.20, Table 13-11): the BMC's session ID, the console's random
 * number Rm, the requested role (bits 3:0 privilege, bit 4 name-only lookup) and the user name.
 */
public record Rakp1(int tag, int bmcSessionId, byte[] consoleRandom, int role, byte[] userName) {

  public static final int MAX_NAME = 16;

  public int privilege() {
    return role & 0x0F;
  }

  public byte[] encode() {
    return new WireWriter().u8(tag).zeros(3).u32(bmcSessionId).bytes(consoleRandom).u8(role).zeros(2)
        .u8(userName.length).bytes(userName).toByteArray();
  }

  public static Rakp1 decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    in.skip(3);
    int bmcSessionId = in.u32();
    byte[] random = in.bytes(16);
    int role = in.u8();
    in.skip(2);
    int length = in.u8();
    if (length > MAX_NAME) {
      throw new IpmiDecodeException("user name of " + length + " bytes (at most 16)");
    }
    return new Rakp1(tag, bmcSessionId, random, role, in.bytes(length));
  }
}
