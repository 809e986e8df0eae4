package io.bmp.protocols.ipmi.payload;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.security.CipherSuite;

/**
 * RMCP+ Open Session Request (IPMI 2.0 §13.17, Table 13-9): the console's session ID, the
 * privilege it will ask for (0: the highest the user has) and one proposed algorithm per kind.
 */
public record OpenSessionRequest(int tag, int privilege, int consoleSessionId, int authentication, int integrity,
    int confidentiality) {

  public static OpenSessionRequest of(int tag, int privilege, int consoleSessionId, CipherSuite suite) {
    return new OpenSessionRequest(tag, privilege, consoleSessionId, suite.authentication().code(), suite.integrity().code(),
        suite.confidentiality().code());
  }

  public byte[] encode() {
    WireWriter out = new WireWriter().u8(tag).u8(privilege).zeros(2).u32(consoleSessionId);
    AlgorithmPayload.write(out, AlgorithmPayload.AUTHENTICATION, authentication);
    AlgorithmPayload.write(out, AlgorithmPayload.INTEGRITY, integrity);
    AlgorithmPayload.write(out, AlgorithmPayload.CONFIDENTIALITY, confidentiality);
    return out.toByteArray();
  }

  public static OpenSessionRequest decode(byte[] bytes) throws IpmiDecodeException {
    WireReader in = new WireReader(bytes);
    int tag = in.u8();
    int privilege = in.u8() & 0x0F;
    in.skip(2);
    int consoleSessionId = in.u32();
    int authentication = AlgorithmPayload.read(in, AlgorithmPayload.AUTHENTICATION);
    int integrity = AlgorithmPayload.read(in, AlgorithmPayload.INTEGRITY);
    int confidentiality = AlgorithmPayload.read(in, AlgorithmPayload.CONFIDENTIALITY);
    return new OpenSessionRequest(tag, privilege, consoleSessionId, authentication, integrity, confidentiality);
  }
}
