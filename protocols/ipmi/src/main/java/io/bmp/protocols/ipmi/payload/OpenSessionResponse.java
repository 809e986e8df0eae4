package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * RMCP+ Open Session Response (IPMI 2.0 §13.18, Table 13-10). On an error status the BMC sends
 * only the first eight bytes (tag, status, privilege, reserved, console session ID).
 */
public record OpenSessionResponse(int tag, int status, int privilege, int consoleSessionId, int bmcSessionId,
    int authentication, int integrity, int confidentiality) {

  public static OpenSessionResponse failure(int tag, int status, int consoleSessionId) {
    return new OpenSessionResponse(tag, status, 0, consoleSessionId, 0, 0, 0, 0);
  }

  public byte[] encode() {
    WireWriter out = new WireWriter().u8(tag).u8(status).u8(privilege).u8(0).u32(consoleSessionId);
    if (status != RmcpPlusStatus.OK) {
      return out.toByteArray();
    }
    out.u32(bmcSessionId);
    AlgorithmPayload.write(out, AlgorithmPayload.AUTHENTICATION, authentication);
    AlgorithmPayload.write(out, AlgorithmPayload.INTEGRITY, integrity);
    AlgorithmPayload.write(out, AlgorithmPayload.CONFIDENTIALITY, confidentiality);
    return out.toByteArray();
  }

  public static OpenSessionResponse decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    int status = in.u8();
    int privilege = in.u8() & 0x0F;
    in.skip(1);
    int consoleSessionId = in.u32();
    if (status != RmcpPlusStatus.OK) {
      return failure(tag, status, consoleSessionId);
    }
    int bmcSessionId = in.u32();
    int authentication = AlgorithmPayload.read(in, AlgorithmPayload.AUTHENTICATION);
    int integrity = AlgorithmPayload.read(in, AlgorithmPayload.INTEGRITY);
    int confidentiality = AlgorithmPayload.read(in, AlgorithmPayload.CONFIDENTIALITY);
    return new OpenSessionResponse(tag, status, privilege, consoleSessionId, bmcSessionId, authentication, integrity,
        confidentiality);
  }
}
