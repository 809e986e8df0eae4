package io.bmp.protocols.ipmi.server;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.messaging.CloseSession;
import io.bmp.protocols.ipmi.command.messaging.GetChannelAuthenticationCapabilities;
import io.bmp.protocols.ipmi.command.messaging.SetSessionPrivilegeLevel;
import io.bmp.protocols.ipmi.message.CompletionCode;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.message.NetFn;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The BMC side of IPMI 2.0 over LAN, as a pure function from a received datagram to the datagram to
 * answer with (or none): session set-up (Open Session, RAKP 1–4), the session commands (privilege,
 * close, authentication capabilities), integrity and confidentiality of every session packet, and
 * replay checks; everything else goes to a {@link CommandHandler}. The simulated BMC of the lab wraps
 * one of these per BMC around a UDP socket. Not thread-safe: one owner calls {@link #handle}.
 */
public final class BmcEndpoint {

  /** How long a repeated request counts as a retry of the last one (requesters retry within seconds). */
  private static final long RETRY_NANOS = 5_000_000_000L;

  /** What a session may do before anything else: IPMI 2.0 §6.8 lets a session start at User level. */
  private static final int INITIAL_PRIVILEGE = PrivilegeLevel.USER;

  private final Function<String, BmcUser> users;
  private final byte[] guid;
  private final Set<Integer> suites;
  private final CommandHandler commands;
  private final Random random;
  private final LongSupplier nanoClock;
  private final long idleNanos;
  private final int maxSessions;
  private final Map<Integer, Session> sessions = new HashMap<>();

  /**
   * @param users looks a user up by name (null when there is none)
   * @param suites the cipher suite IDs this BMC accepts
   * @param idleSeconds a session unused this long is forgotten (IPMI's default is 60)
   */
  public BmcEndpoint(Function<String, BmcUser> users, byte[] guid, Set<Integer> suites, CommandHandler commands,
      Random random, LongSupplier nanoClock, int idleSeconds, int maxSessions) {
    this.users = users;
    this.guid = guid.clone();
    this.suites = Set.copyOf(suites);
    this.commands = commands;
    this.random = random;
    this.nanoClock = nanoClock;
    this.idleNanos = idleSeconds * 1_000_000_000L;
    this.maxSessions = maxSessions;
  }

  /** Sessions open now (after dropping idle ones). */
  public int sessionCount() {
    expire();
    return sessions.size();
  }

  /** Drops every session, as a BMC reboot does. */
  public void forgetSessions() {
    sessions.clear();
  }

  /** The answer to {@code datagram}, or null to stay silent (undecodable, forged, replayed, unknown session). */
  public byte[] handle(byte[] datagram) {
    try {
      LanPacket packet = LanPacket.decode(datagram);
      if (!packet.v20()) {
        return packet.sessionId() == 0 ? outsideSession15(packet) : null;
      }
      return switch (packet.payloadType()) {
        case PayloadType.OPEN_SESSION_REQUEST -> openSession(packet);
        case PayloadType.RAKP_1 -> rakp1(packet);
        case PayloadType.RAKP_3 -> rakp3(packet);
        case PayloadType.IPMI -> packet.sessionId() == 0 ? outsideSession20(packet) : inSession(packet);
        default -> null;
      };
    } catch (IpmiDecodeException e) {
      return null; // a BMC answers nothing it cannot read
    }
  }

  // Before a session exists, only Get Channel Authentication Capabilities is answered.
  private byte[] outsideSession15(LanPacket packet) throws IpmiDecodeException {
    IpmiResponse response = preSession(IpmiRequest.decode(packet.payload()));
    return response == null ? null : LanPacket.encode15(0, 0, response.encode());
  }

  private byte[] outsideSession20(LanPacket packet) throws IpmiDecodeException {
    IpmiResponse response = preSession(IpmiRequest.decode(packet.open(SessionCrypto.NONE)));
    return response == null ? null : LanPacket.encode20(PayloadType.IPMI, 0, 0, response.encode(), SessionCrypto.NONE);
  }

  private IpmiResponse preSession(IpmiRequest request) {
    if (request.netFn() == NetFn.APP && request.command() == GetChannelAuthenticationCapabilities.ID.code()) {
      return IpmiResponse.to(request, CompletionCode.OK, capabilities().encode());
    }
    return null;
  }

  private GetChannelAuthenticationCapabilities.Response capabilities() {
    int channel = 1;
    // Auth type bit 7: IPMI 2.0 extended data present; status bit 2: non-null user names only.
    return new GetChannelAuthenticationCapabilities.Response(channel, 0x80, 0x04,
        GetChannelAuthenticationCapabilities.Response.SUPPORTS_V20, 0, 0);
  }

  private byte[] openSession(LanPacket packet) throws IpmiDecodeException {
    OpenSessionRequest request = OpenSessionRequest.decode(packet.open(SessionCrypto.NONE));
    CipherSuite suite = CipherSuite.of(request.authentication(), request.integrity(), request.confidentiality());
    OpenSessionResponse response;
    if (suite == null || !suites.contains(suite.id())) {
      response = OpenSessionResponse.failure(request.tag(), RmcpPlusStatus.NO_CIPHER_SUITE_MATCH, request.consoleSessionId());
    } else if (sessionCount() >= maxSessions) {
      response = OpenSessionResponse.failure(request.tag(), RmcpPlusStatus.INSUFFICIENT_RESOURCES, request.consoleSessionId());
    } else {
      Session session = new Session(newSessionId(), request.consoleSessionId(), suite);
      sessions.put(session.bmcId, session);
      int privilege = request.privilege() == 0 ? PrivilegeLevel.ADMINISTRATOR : request.privilege();
      response = new OpenSessionResponse(request.tag(), RmcpPlusStatus.OK, privilege, request.consoleSessionId(),
          session.bmcId, request.authentication(), request.integrity(), request.confidentiality());
    }
    return LanPacket.encode20(PayloadType.OPEN_SESSION_RESPONSE, 0, 0, response.encode(), SessionCrypto.NONE);
  }

  private byte[] rakp1(LanPacket packet) throws IpmiDecodeException {
    Rakp1 rakp1 = Rakp1.decode(packet.open(SessionCrypto.NONE));
    Session session = sessions.get(rakp1.bmcSessionId());
    if (session == null || session.active) {
      return rakp2Failure(rakp1, RmcpPlusStatus.INVALID_SESSION_ID, 0);
    }
    session.touch();
    BmcUser user = users.apply(new String(rakp1.userName(), StandardCharsets.US_ASCII));
    if (user == null) {
      sessions.remove(session.bmcId);
      return rakp2Failure(rakp1, RmcpPlusStatus.UNAUTHORIZED_NAME, session.consoleId);
    }
    int asked = rakp1.privilege() == 0 ? user.maxPrivilege() : rakp1.privilege();
    if (asked > PrivilegeLevel.OEM) {
      sessions.remove(session.bmcId);
      return rakp2Failure(rakp1, RmcpPlusStatus.INVALID_ROLE, session.consoleId);
    }
    if (asked > user.maxPrivilege()) {
      sessions.remove(session.bmcId);
      return rakp2Failure(rakp1, RmcpPlusStatus.UNAUTHORIZED_ROLE, session.consoleId);
    }
    session.user = user;
    session.maxPrivilege = asked;
    session.role = rakp1.role();
    session.userName = rakp1.userName();
    session.consoleRandom = rakp1.consoleRandom();
    session.bmcRandom = new byte[16];
    random.nextBytes(session.bmcRandom);
    byte[] authCode = SessionKeys.rakp2AuthCode(session.suite.authentication(), SessionKeys.userKey(user.password()),
        session.consoleId, session.bmcId, session.consoleRandom, session.bmcRandom, guid, session.role, session.userName);
    Rakp2 rakp2 = new Rakp2(rakp1.tag(), RmcpPlusStatus.OK, session.consoleId, session.bmcRandom, guid, authCode);
    return LanPacket.encode20(PayloadType.RAKP_2, 0, 0, rakp2.encode(), SessionCrypto.NONE);
  }

  private byte[] rakp2Failure(Rakp1 rakp1, int status, int consoleId) {
    return LanPacket.encode20(PayloadType.RAKP_2, 0, 0, Rakp2.failure(rakp1.tag(), status, consoleId).encode(),
        SessionCrypto.NONE);
  }

  private byte[] rakp3(LanPacket packet) throws IpmiDecodeException {
    Rakp3 rakp3 = Rakp3.decode(packet.open(SessionCrypto.NONE));
    Session session = sessions.get(rakp3.bmcSessionId());
    if (session == null || session.active || session.user == null) {
      return rakp4(rakp3.tag(), RmcpPlusStatus.INVALID_SESSION_ID, 0, new byte[0]);
    }
    if (rakp3.status() != RmcpPlusStatus.OK) {
      sessions.remove(session.bmcId); // the console gave up on this session
      return null;
    }
    byte[] kuid = SessionKeys.userKey(session.user.password());
    byte[] expected = SessionKeys.rakp3AuthCode(session.suite.authentication(), kuid, session.bmcRandom, session.consoleId,
        session.role, session.userName);
    if (!MessageDigest.isEqual(expected, rakp3.authCode())) {
      sessions.remove(session.bmcId);
      return rakp4(rakp3.tag(), RmcpPlusStatus.INVALID_INTEGRITY_CHECK_VALUE, session.consoleId, new byte[0]);
    }
    SessionKeys keys = SessionKeys.derive(session.suite.authentication(), kuid, session.consoleRandom, session.bmcRandom,
        session.role, session.userName);
    session.crypto = SessionCrypto.of(session.suite, keys, random);
    session.active = true;
    session.privilege = Math.min(INITIAL_PRIVILEGE, session.maxPrivilege);
    session.touch();
    byte[] icv = SessionKeys.rakp4Icv(session.suite.authentication(), keys.sik(), session.consoleRandom, session.bmcId, guid);
    return rakp4(rakp3.tag(), RmcpPlusStatus.OK, session.consoleId, icv);
  }

  private byte[] rakp4(int tag, int status, int consoleId, byte[] icv) {
    return LanPacket.encode20(PayloadType.RAKP_4, 0, 0, new Rakp4(tag, status, consoleId, icv).encode(), SessionCrypto.NONE);
  }

  private byte[] inSession(LanPacket packet) throws IpmiDecodeException {
    Session session = sessions.get(packet.sessionId());
    if (session == null || !session.active || expired(session)) {
      return null;
    }
    IpmiRequest request = IpmiRequest.decode(packet.open(session.crypto));
    if (!session.window.accept(packet.sequence())) {
      return null;
    }
    session.touch();
    IpmiResponse response = session.retryOfLast(request, nanoClock.getAsLong());
    if (response == null) {
      response = sessionCommand(session, request);
      session.remember(request, response, nanoClock.getAsLong());
    }
    return LanPacket.encode20(PayloadType.IPMI, session.consoleId, session.nextOutbound(), response.encode(), session.crypto);
  }

  private IpmiResponse sessionCommand(Session session, IpmiRequest request) throws IpmiDecodeException {
    if (request.netFn() == NetFn.APP) {
      if (request.command() == SetSessionPrivilegeLevel.ID.code()) {
        int asked = SetSessionPrivilegeLevel.Request.decode(request.data()).privilege();
        if (asked == 0) {
          return IpmiResponse.to(request, CompletionCode.OK, new SetSessionPrivilegeLevel.Response(session.privilege).encode());
        }
        if (asked > session.maxPrivilege) {
          return IpmiResponse.to(request, SetSessionPrivilegeLevel.LEVEL_EXCEEDS_LIMIT, new byte[0]);
        }
        session.privilege = asked;
        return IpmiResponse.to(request, CompletionCode.OK, new SetSessionPrivilegeLevel.Response(asked).encode());
      }
      if (request.command() == CloseSession.ID.code()) {
        int id = CloseSession.Request.decode(request.data()).sessionId();
        if (sessions.remove(id) == null) {
          return IpmiResponse.to(request, CloseSession.INVALID_SESSION_ID, new byte[0]);
        }
        return IpmiResponse.to(request, CompletionCode.OK, new byte[0]);
      }
      if (request.command() == GetChannelAuthenticationCapabilities.ID.code()) {
        return IpmiResponse.to(request, CompletionCode.OK, capabilities().encode());
      }
    }
    CommandHandler.Reply reply = commands.handle(request, session.privilege);
    return IpmiResponse.to(request, reply.completionCode(), reply.data());
  }

  private int newSessionId() {
    int id;
    do {
      id = random.nextInt();
    } while (id == 0 || sessions.containsKey(id));
    return id;
  }

  private boolean expired(Session session) {
    if (nanoClock.getAsLong() - session.lastUsed > idleNanos) {
      sessions.remove(session.bmcId);
      return true;
    }
    return false;
  }

  private void expire() {
    long now = nanoClock.getAsLong();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastUsed > idleNanos) {
        it.remove();
      }
    }
  }

  private final class Session {
    final int bmcId;
    final int consoleId;
    final CipherSuite suite;
    final ReplayWindow window = new ReplayWindow();
    BmcUser user;
    int role;
    byte[] userName;
    byte[] consoleRandom;
    byte[] bmcRandom;
    SessionCrypto crypto;
    boolean active;
    int maxPrivilege;
    int privilege;
    int outbound;
    long lastUsed = nanoClock.getAsLong();
    IpmiRequest lastRequest;
    IpmiResponse lastResponse;
    long lastAnsweredAt;

    Session(int bmcId, int consoleId, CipherSuite suite) {
      this.bmcId = bmcId;
      this.consoleId = consoleId;
      this.suite = suite;
    }

    void touch() {
      lastUsed = nanoClock.getAsLong();
    }

    /**
     * The answer already given to {@code request} when it repeats the session's last request: same
     * requester sequence number, function and data, within {@link #RETRY_NANOS}. A requester whose
     * answer was lost or late sends its request again in a new packet (a new session sequence
     * number) with the same IPMI sequence number, which exists to pair answers and to let the
     * responder tell a retry from a new request. Carrying it out again would, for Chassis Control,
     * cycle the power twice: the second boot would find the next-boot-only device used up.
     */
    IpmiResponse retryOfLast(IpmiRequest request, long now) {
      IpmiRequest last = lastRequest;
      if (last == null || now - lastAnsweredAt > RETRY_NANOS || last.sequence() != request.sequence()
          || last.netFn() != request.netFn() || last.command() != request.command()
          || last.requesterAddress() != request.requesterAddress() || !Arrays.equals(last.data(), request.data())) {
        return null;
      }
      return lastResponse;
    }

    void remember(IpmiRequest request, IpmiResponse response, long now) {
      lastRequest = request;
      lastResponse = response;
      lastAnsweredAt = now;
    }

    int nextOutbound() {
      outbound = outbound == -1 ? 1 : outbound + 1;
      return outbound;
    }
  }
}
