package io.bmp.protocols.ipmi.client;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.command.messaging.GetChannelAuthenticationCapabilities;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.payload.OpenSessionRequest;
import io.bmp.protocols.ipmi.payload.OpenSessionResponse;
import io.bmp.protocols.ipmi.payload.PayloadType;
import io.bmp.protocols.ipmi.payload.Rakp1;
import io.bmp.protocols.ipmi.payload.Rakp2;
import io.bmp.protocols.ipmi.payload.Rakp3;
import io.bmp.protocols.ipmi.payload.Rakp4;
import io.bmp.protocols.ipmi.payload.RmcpPlusStatus;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.security.SessionKeys;
import io.bmp.protocols.ipmi.session.LanPacket;
import io.bmp.protocols.ipmi.session.SessionCrypto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

/**
 * The console side of opening an RMCP+ session (IPMI 2.0 §13.15), as a pure state machine: each
 * step takes the BMC's datagram and returns the next one to send, so the transport (UDP, timers,
 * retransmission) lives elsewhere and this is tested with bytes alone. A step throws
 * {@link IpmiDecodeException} for a datagram that is not its answer (keep waiting) and
 * {@link HandshakeFailure} when the BMC's answer refuses the session.
 *
 * <pre>
 *   capabilities() ─► Get Channel Auth Capabilities (IPMI 1.5 wrapper, no session)
 *   onCapabilities ─► Open Session Request   (proposes the suite)
 *   onOpenSession  ─► RAKP 1                 (Rm, role, user name)
 *   onRakp2        ─► RAKP 3                 (after checking the BMC knows the user's key)
 *   onRakp4        ─► {@link ClientSession}  (after checking the BMC derived the same SIK)
 * </pre>
 */
public final class ClientHandshake {

  private final CipherSuite suite;
  private final byte[] userName;
  private final byte[] userKey;
  private final int privilege;
  private final int consoleSessionId;
  private final Random random;
  private final int tag;
  private int bmcSessionId;
  private byte[] consoleRandom;
  private Rakp2 rakp2;

  /**
   * @param consoleSessionId our non-zero session ID, the one the BMC will address its packets to
   * @param random source of Rm and of AES IVs: a SecureRandom outside tests
   */
  public ClientHandshake(CipherSuite suite, String user, String password, int privilege, int consoleSessionId,
      Random random) {
    if (consoleSessionId == 0) {
      throw new IllegalArgumentException("the console session ID must not be 0");
    }
    this.suite = suite;
    this.userName = user.getBytes(StandardCharsets.US_ASCII);
    if (userName.length > Rakp1.MAX_NAME) {
      throw new IllegalArgumentException("an IPMI user name has at most 16 characters");
    }
    this.userKey = SessionKeys.userKey(password);
    this.privilege = privilege;
    this.consoleSessionId = consoleSessionId;
    this.random = random;
    this.tag = random.nextInt(256);
  }

  public CipherSuite suite() {
    return suite;
  }

  /** Get Channel Authentication Capabilities with the IPMI 2.0 bit, outside any session. */
  public byte[] capabilities() {
    var request = new GetChannelAuthenticationCapabilities.Request(true, GetChannelAuthenticationCapabilities.THIS_CHANNEL,
        privilege);
    IpmiRequest message = IpmiRequest.toBmc(GetChannelAuthenticationCapabilities.ID.netFn(),
        GetChannelAuthenticationCapabilities.ID.code(), 0, request.encode());
    return LanPacket.encode15(0, 0, message.encode());
  }

  public byte[] onCapabilities(byte[] datagram) throws HandshakeFailure, IpmiDecodeException {
    LanPacket packet = LanPacket.decode(datagram);
    IpmiResponse response = IpmiResponse.decode(packet.payload());
    if (response.command() != GetChannelAuthenticationCapabilities.ID.code()) {
      throw new IpmiDecodeException("not an authentication capabilities answer");
    }
    if (!response.ok()) {
      throw new HandshakeFailure(HandshakeFailure.Reason.UNSUPPORTED,
          "the BMC refused Get Channel Authentication Capabilities (completion " + response.completionCode() + ")");
    }
    if (!GetChannelAuthenticationCapabilities.Response.decode(response.data()).supportsV20()) {
      throw new HandshakeFailure(HandshakeFailure.Reason.UNSUPPORTED, "the BMC does not offer IPMI 2.0 (RMCP+)");
    }
    return openSession();
  }

  /** Open Session Request proposing our suite (may be sent without the capabilities step). */
  public byte[] openSession() {
    byte[] payload = OpenSessionRequest.of(tag, privilege, consoleSessionId, suite).encode();
    return LanPacket.encode20(PayloadType.OPEN_SESSION_REQUEST, 0, 0, payload, SessionCrypto.NONE);
  }

  public byte[] onOpenSession(byte[] datagram) throws HandshakeFailure, IpmiDecodeException {
    OpenSessionResponse response = OpenSessionResponse.decode(payload(datagram, PayloadType.OPEN_SESSION_RESPONSE));
    checkStatus(response.tag(), response.status(), response.consoleSessionId());
    if (response.authentication() != suite.authentication().code() || response.integrity() != suite.integrity().code()
        || response.confidentiality() != suite.confidentiality().code()) {
      throw new HandshakeFailure(HandshakeFailure.Reason.UNSUPPORTED, "the BMC answered with other algorithms than suite "
          + suite.id());
    }
    bmcSessionId = response.bmcSessionId();
    consoleRandom = new byte[16];
    random.nextBytes(consoleRandom);
    byte[] payload = new Rakp1(tag, bmcSessionId, consoleRandom, privilege, userName).encode();
    return LanPacket.encode20(PayloadType.RAKP_1, 0, 0, payload, SessionCrypto.NONE);
  }

  public byte[] onRakp2(byte[] datagram) throws HandshakeFailure, IpmiDecodeException {
    rakp2 = Rakp2.decode(payload(datagram, PayloadType.RAKP_2));
    checkStatus(rakp2.tag(), rakp2.status(), rakp2.consoleSessionId());
    byte[] expected = SessionKeys.rakp2AuthCode(suite.authentication(), userKey, consoleSessionId, bmcSessionId,
        consoleRandom, rakp2.bmcRandom(), rakp2.bmcGuid(), privilege, userName);
    if (!MessageDigest.isEqual(expected, rakp2.authCode())) {
      // The BMC keyed its HMAC with a different password than ours: the password is wrong.
      throw new HandshakeFailure(HandshakeFailure.Reason.AUTHENTICATION, "password not accepted (RAKP 2 auth code mismatch)");
    }
    byte[] authCode = SessionKeys.rakp3AuthCode(suite.authentication(), userKey, rakp2.bmcRandom(), consoleSessionId,
        privilege, userName);
    byte[] payload = new Rakp3(tag, RmcpPlusStatus.OK, bmcSessionId, authCode).encode();
    return LanPacket.encode20(PayloadType.RAKP_3, 0, 0, payload, SessionCrypto.NONE);
  }

  public ClientSession onRakp4(byte[] datagram) throws HandshakeFailure, IpmiDecodeException {
    Rakp4 rakp4 = Rakp4.decode(payload(datagram, PayloadType.RAKP_4));
    checkStatus(rakp4.tag(), rakp4.status(), rakp4.consoleSessionId());
    SessionKeys keys = SessionKeys.derive(suite.authentication(), userKey, consoleRandom, rakp2.bmcRandom(), privilege,
        userName);
    byte[] expected = SessionKeys.rakp4Icv(suite.authentication(), keys.sik(), consoleRandom, bmcSessionId, rakp2.bmcGuid());
    if (!MessageDigest.isEqual(expected, rakp4.integrityCheck())) {
      throw new HandshakeFailure(HandshakeFailure.Reason.PROTOCOL, "RAKP 4 integrity check value mismatch");
    }
    return new ClientSession(suite, SessionCrypto.of(suite, keys, random), consoleSessionId, bmcSessionId);
  }

  // A datagram of another kind (a late answer of an earlier session, a stray) is not an answer:
  // the caller keeps waiting for ours. Only our answer, well formed, can fail the handshake.
  private byte[] payload(byte[] datagram, int expectedType) throws IpmiDecodeException {
    LanPacket packet = LanPacket.decode(datagram);
    if (!packet.v20() || packet.payloadType() != expectedType) {
      throw new IpmiDecodeException("expected payload type " + expectedType + ", got " + packet);
    }
    return packet.open(SessionCrypto.NONE);
  }

  private void checkStatus(int answerTag, int status, int sessionId) throws HandshakeFailure, IpmiDecodeException {
    if (answerTag != tag || (sessionId != consoleSessionId && status == RmcpPlusStatus.OK)) {
      throw new IpmiDecodeException("an answer to another exchange (tag or session ID)");
    }
    if (status != RmcpPlusStatus.OK) {
      throw new HandshakeFailure(reasonOf(status), "the BMC refused: " + RmcpPlusStatus.describe(status));
    }
  }

  static HandshakeFailure.Reason reasonOf(int status) {
    return switch (status) {
      case RmcpPlusStatus.UNAUTHORIZED_NAME, RmcpPlusStatus.INVALID_NAME_LENGTH, RmcpPlusStatus.INVALID_INTEGRITY_CHECK_VALUE ->
          HandshakeFailure.Reason.AUTHENTICATION;
      case RmcpPlusStatus.INVALID_ROLE, RmcpPlusStatus.UNAUTHORIZED_ROLE -> HandshakeFailure.Reason.PRIVILEGE;
      case RmcpPlusStatus.INSUFFICIENT_RESOURCES, RmcpPlusStatus.INSUFFICIENT_RESOURCES_FOR_ROLE -> HandshakeFailure.Reason.BUSY;
      case RmcpPlusStatus.INVALID_AUTHENTICATION_ALGORITHM, RmcpPlusStatus.INVALID_INTEGRITY_ALGORITHM,
          RmcpPlusStatus.INVALID_CONFIDENTIALITY_ALGORITHM, RmcpPlusStatus.NO_CIPHER_SUITE_MATCH,
          RmcpPlusStatus.NO_MATCHING_AUTHENTICATION_PAYLOAD, RmcpPlusStatus.NO_MATCHING_INTEGRITY_PAYLOAD ->
          HandshakeFailure.Reason.UNSUPPORTED;
      default -> HandshakeFailure.Reason.PROTOCOL;
    };
  }
}
