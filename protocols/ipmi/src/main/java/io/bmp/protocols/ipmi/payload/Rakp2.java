package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * RAKP Message 2 (IPMI 2.0 §13.21, Table 13-12): the BMC's random number Rc, its GUID and the
 * key-exchange authentication code proving it knows the user's key. An error status carries
 * only tag, status and the console session ID.
 */
public record Rakp2(int tag, int status, int consoleSessionId, byte[] bmcRandom, byte[] bmcGuid, byte[] authCode) {

  public static Rakp2 failure(int tag, int status, int consoleSessionId) {
    return new Rakp2(tag, status, consoleSessionId, new byte[0], new byte[0], new byte[0]);
  }

  public byte[] encode() {
    WireWriter out = new WireWriter().u8(tag).u8(status).zeros(2).u32(consoleSessionId);
    if (status != RmcpPlusStatus.OK) {
      return out.toByteArray();
    }
    return out.bytes(bmcRandom).bytes(bmcGuid).bytes(authCode).toByteArray();
  }

  public static Rakp2 decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    int status = in.u8();
    in.skip(2);
    int consoleSessionId = in.u32();
    if (status != RmcpPlusStatus.OK) {
      return failure(tag, status, consoleSessionId);
    }
    return new Rakp2(tag, status, consoleSessionId, in.bytes(16), in.bytes(16), in.rest());
  }
}
