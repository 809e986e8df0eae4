package io.bmp.protocols.ipmi.client;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.command.messaging.CloseSession;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.payload.PayloadType;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.session.LanPacket;
import io.bmp.protocols.ipmi.session.SessionCrypto;

/**
 * An active RMCP+ session on the console side: numbers requests (the 6-bit requester sequence
 * that pairs a response with its request, and the 32-bit session sequence that the BMC uses
 * against replays), seals them, and opens the BMC's answers. Not thread-safe: one owner (the
 * driver's per-BMC queue) uses it at a time.
 */
public final class ClientSession {

  private final CipherSuite suite;
  private final SessionCrypto crypto;
  private final int consoleSessionId;
  private final int bmcSessionId;
  private int sessionSequence;
  private int requestSequence;

  ClientSession(CipherSuite suite, SessionCrypto crypto, int consoleSessionId, int bmcSessionId) {
    this.suite = suite;
    this.crypto = crypto;
    this.consoleSessionId = consoleSessionId;
    this.bmcSessionId = bmcSessionId;
  }

  public CipherSuite suite() {
    return suite;
  }

  public int bmcSessionId() {
    return bmcSessionId;
  }

  /** A new request to the BMC with the next requester sequence number. */
  public IpmiRequest request(Command command, byte[] data) {
    requestSequence = (requestSequence + 1) & 0x3F;
    return IpmiRequest.toBmc(command.netFn(), command.code(), requestSequence, data);
  }

  /**
   * The datagram carrying {@code request}. A retransmission calls this again with the same
   * request: same requester sequence (so a late answer still matches), new session sequence.
   */
  public byte[] datagram(IpmiRequest request) {
    sessionSequence = sessionSequence == -1 ? 1 : sessionSequence + 1; // 0 is reserved for packets outside a session
    return LanPacket.encode20(PayloadType.IPMI, bmcSessionId, sessionSequence, request.encode(), crypto);
  }

  /** The Close Session request for this session. */
  public IpmiRequest closeRequest() {
    return request(CloseSession.ID, new CloseSession.Request(bmcSessionId).encode());
  }

  /**
   * Opens an answer of this session: checks that it is addressed to our session ID, verifies its
   * AuthCode and decrypts it. A packet of another session or a forged one fails to decode.
   */
  public IpmiResponse read(byte[] datagram) throws IpmiDecodeException {
    LanPacket packet = LanPacket.decode(datagram);
    if (!packet.v20() || packet.payloadType() != PayloadType.IPMI) {
      throw new IpmiDecodeException("not an IPMI payload of an RMCP+ session: " + packet);
    }
    if (packet.sessionId() != consoleSessionId) {
      throw new IpmiDecodeException("addressed to session " + Integer.toHexString(packet.sessionId()));
    }
    return IpmiResponse.decode(packet.open(crypto));
  }
}
