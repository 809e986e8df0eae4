package io.bmp.protocols.ipmi.session;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.payload.PayloadType;
import io.bmp.protocols.ipmi.rmcp.RmcpHeader;
import java.util.Arrays;

/**
 * One IPMI-over-LAN datagram: the RMCP header and then either an IPMI 1.5 session wrapper
 * (§13.6, used here only without authentication, for Get Channel Authentication Capabilities
 * before a session exists) or an IPMI 2.0 / RMCP+ wrapper (§13.6, Table 13-8) whose payload may
 * be encrypted and whose trailer may carry an AuthCode.
 *
 * <p>Decoding happens in two steps because the keys depend on the session ID in the header:
 * {@link #decode} reads the wrapper, {@link #open} checks integrity and decrypts.
 */
public record LanPacket(boolean v20, int payloadType, boolean encrypted, boolean authenticated, int sessionId,
    int sequence, byte[] payload, int integrityFrom, int integrityLength, byte[] authCode, byte[] datagram) {

  public static final int AUTH_TYPE_NONE = 0x00;
  public static final int AUTH_TYPE_RMCP_PLUS = 0x06;
  private static final int NEXT_HEADER = 0x07;

  /** An IPMI 1.5 datagram without authentication (auth type none). */
  public static byte[] encode15(int sequence, int sessionId, byte[] message) {
    WireWriter out = new WireWriter();
    RmcpHeader.writeIpmi(out);
    return out.u8(AUTH_TYPE_NONE).u32(sequence).u32(sessionId).u8(message.length).bytes(message).toByteArray();
  }

  /**
   * An IPMI 2.0 datagram. With a {@code crypto} that authenticates or encrypts, the payload is
   * encrypted and the trailer added as the suite says; pre-session payloads pass {@link SessionCrypto#NONE}.
   */
  public static byte[] encode20(int payloadType, int sessionId, int sequence, byte[] payload, SessionCrypto crypto) {
    byte[] body = crypto.seal(payload);
    WireWriter out = new WireWriter();
    RmcpHeader.writeIpmi(out);
    int type = payloadType | (crypto.encrypts() ? 0x80 : 0) | (crypto.authenticates() ? 0x40 : 0);
    out.u8(AUTH_TYPE_RMCP_PLUS).u8(type).u32(sessionId).u32(sequence).u16(body.length).bytes(body);
    if (!crypto.authenticates()) {
      return out.toByteArray();
    }
    // Integrity pad (FFh) so that AuthType .. Next Header is a multiple of four bytes (§13.6).
    int covered = out.size() - RmcpHeader.LENGTH + 2;
    int pad = (4 - covered % 4) % 4;
    for (int i = 0; i < pad; i++) {
      out.u8(0xFF);
    }
    out.u8(pad).u8(NEXT_HEADER);
    byte[] sealed = out.toByteArray();
    byte[] authCode = crypto.integrity().authCode(crypto.k1(), sealed, RmcpHeader.LENGTH, sealed.length - RmcpHeader.LENGTH);
    return new WireWriter().bytes(sealed).bytes(authCode).toByteArray();
  }

  /** Reads the RMCP and session wrappers of an IPMI-class datagram; the payload is still sealed. */
  public static LanPacket decode(byte[] datagram) throws IpmiDecodeException {
    WireReader in = new WireReader(datagram);
    int messageClass = RmcpHeader.read(in);
    if (messageClass != RmcpHeader.CLASS_IPMI) {
      throw new IpmiDecodeException("RMCP class " + messageClass + " is not IPMI");
    }
    int authType = in.u8();
    if (authType == AUTH_TYPE_NONE) {
      int sequence = in.u32();
      int sessionId = in.u32();
      int length = in.u8();
      byte[] message = in.bytes(length);
      return new LanPacket(false, PayloadType.IPMI, false, false, sessionId, sequence, message, 0, 0, new byte[0], datagram);
    }
    if (authType != AUTH_TYPE_RMCP_PLUS) {
      throw new IpmiDecodeException("IPMI 1.5 authentication type " + authType + " is not supported (RMCP+ only)");
    }
    int type = in.u8();
    int payloadType = type & 0x3F;
    if (payloadType == 0x02) {
      throw new IpmiDecodeException("OEM explicit payloads are not supported");
    }
    boolean encrypted = (type & 0x80) != 0;
    boolean authenticated = (type & 0x40) != 0;
    int sessionId = in.u32();
    int sequence = in.u32();
    int length = in.u16();
    byte[] payload = in.bytes(length);
    if (!authenticated) {
      return new LanPacket(true, payloadType, encrypted, false, sessionId, sequence, payload, 0, 0, new byte[0], datagram);
    }
    int padEnd = in.position();
    int covered = padEnd - RmcpHeader.LENGTH + 2;
    int pad = (4 - covered % 4) % 4;
    in.skip(pad);
    int padLength = in.u8();
    if (padLength != pad) {
      throw new IpmiDecodeException("integrity pad length " + padLength + ", expected " + pad);
    }
    if (in.u8() != NEXT_HEADER) {
      throw new IpmiDecodeException("next header is not 07h");
    }
    int integrityLength = in.position() - RmcpHeader.LENGTH;
    return new LanPacket(true, payloadType, encrypted, true, sessionId, sequence, payload, RmcpHeader.LENGTH,
        integrityLength, in.rest(), datagram);
  }

  /**
   * The plaintext payload: verifies the AuthCode and decrypts under {@code crypto}, and refuses a
   * packet whose protection is not the session's (an unauthenticated packet on an authenticated
   * session would otherwise be a way around the integrity check).
   */
  public byte[] open(SessionCrypto crypto) throws IpmiDecodeException {
    if (authenticated != crypto.authenticates() || encrypted != crypto.encrypts()) {
      throw new IpmiDecodeException("packet protection (authenticated=" + authenticated + ", encrypted=" + encrypted
          + ") does not match the session");
    }
    if (authenticated) {
      if (authCode.length != crypto.integrity().authCodeLength()) {
        throw new IpmiDecodeException("AuthCode of " + authCode.length + " bytes");
      }
      crypto.verify(datagram, integrityFrom, integrityLength, authCode);
    }
    return encrypted ? crypto.unseal(payload) : payload;
  }

  @Override
  public String toString() {
    return "LanPacket[v20=" + v20 + ", type=" + payloadType + ", session=" + Integer.toHexString(sessionId) + ", seq="
        + sequence + ", " + payload.length + " bytes" + (encrypted ? ", encrypted" : "") + (authenticated ? ", authenticated" : "")
        + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LanPacket p && Arrays.equals(datagram, p.datagram);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(datagram);
  }
}
