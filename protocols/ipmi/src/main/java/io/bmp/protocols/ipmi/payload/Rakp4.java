package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * RAKP Message 4 (IPMI 2.0 §13.23, Table 13-14): the BMC's integrity check value over the
 * session's SIK, which tells the console both sides derived the same keys.
 */
public record Rakp4(int tag, int status, int consoleSessionId, byte[] integrityCheck) {

  public byte[] encode() {
    WireWriter out = new WireWriter().u8(tag).u8(status).zeros(2).u32(consoleSessionId);
    return status == RmcpPlusStatus.OK ? out.bytes(integrityCheck).toByteArray() : out.toByteArray();
  }

  public static Rakp4 decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    int status = in.u8();
    in.skip(2);
    int consoleSessionId = in.u32();
    return new Rakp4(tag, status, consoleSessionId, in.rest());
  }
}
