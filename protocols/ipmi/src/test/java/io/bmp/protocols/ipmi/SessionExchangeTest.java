package io.bmp.protocols.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.protocols.ipmi.client.ClientHandshake;
import io.bmp.protocols.ipmi.client.ClientSession;
import io.bmp.protocols.ipmi.client.HandshakeFailure;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.ChassisControl;
import io.bmp.protocols.ipmi.command.chassis.GetChassisStatus;
import io.bmp.protocols.ipmi.command.messaging.SetSessionPrivilegeLevel;
import io.bmp.protocols.ipmi.message.CompletionCode;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.server.BmcEndpoint;
import io.bmp.protocols.ipmi.server.BmcUser;
import io.bmp.protocols.ipmi.server.CommandHandler;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The client state machine against the BMC endpoint, datagram by datagram, with no sockets. */
class SessionExchangeTest {

  private final AtomicLong clock = new AtomicLong();
  private boolean powerOn;
  private int controls;
  private final BmcEndpoint bmc = new BmcEndpoint(
      Map.of("admin", new BmcUser("admin", "secret", PrivilegeLevel.ADMINISTRATOR),
          "viewer", new BmcUser("viewer", "look", PrivilegeLevel.USER))::get,
      Hex.bytes("a1a2a3a4a5a6a7a8a9aaabacadaeaf00"), Set.of(0, 1, 2, 3, 15, 16, 17), this::chassis, new Random(5),
      clock::get, 60, 4);

  private CommandHandler.Reply chassis(IpmiRequest request, int privilege) {
    if (request.command() == GetChassisStatus.ID.code()) {
      return CommandHandler.Reply.ok(new GetChassisStatus.Response(powerOn ? 1 : 0, 0, 0).encode());
    }
    if (request.command() == ChassisControl.ID.code()) {
      if (privilege < PrivilegeLevel.OPERATOR) {
        return CommandHandler.Reply.error(CompletionCode.INSUFFICIENT_PRIVILEGE);
      }
      powerOn = request.data()[0] == 1;
      controls++;
      return CommandHandler.Reply.ok(new byte[0]);
    }
    return CommandHandler.Reply.error(CompletionCode.INVALID_COMMAND);
  }

  private ClientSession open(int suite, String user, String password, int privilege) throws Exception {
    ClientHandshake handshake = new ClientHandshake(CipherSuite.byId(suite), user, password, privilege, 0x5151, new Random(9));
    byte[] open = handshake.onCapabilities(bmc.handle(handshake.capabilities()));
    byte[] rakp1 = handshake.onOpenSession(bmc.handle(open));
    byte[] rakp3 = handshake.onRakp2(bmc.handle(rakp1));
    return handshake.onRakp4(bmc.handle(rakp3));
  }

  private IpmiResponse call(ClientSession session, IpmiRequest request) throws Exception {
    byte[] answer = bmc.handle(session.datagram(request));
    assertThat(answer).as("the BMC answers").isNotNull();
    IpmiResponse response = session.read(answer);
    assertThat(response.answers(request)).isTrue();
    return response;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 15, 16, 17})
  void everySuiteOpensASessionAndCarriesCommands(int suite) throws Exception {
    ClientSession session = open(suite, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    IpmiResponse raised = call(session, session.request(SetSessionPrivilegeLevel.ID,
        new SetSessionPrivilegeLevel.Request(PrivilegeLevel.ADMINISTRATOR).encode()));
    assertThat(raised.ok()).isTrue();
    assertThat(call(session, session.request(ChassisControl.ID,
        new ChassisControl.Request(ChassisControl.Action.POWER_UP).encode())).ok()).isTrue();
    IpmiResponse status = call(session, session.request(GetChassisStatus.ID, new byte[0]));
    assertThat(GetChassisStatus.Response.decode(status.data()).powerOn()).isTrue();
    assertThat(bmc.sessionCount()).isEqualTo(1);
    assertThat(call(session, session.closeRequest()).ok()).isTrue();
    assertThat(bmc.sessionCount()).isZero();
  }

  @Test
  void suite17PacketsAreEncryptedAndAuthenticated() throws Exception {
    ClientSession session = open(17, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    IpmiRequest request = session.request(GetChassisStatus.ID, new byte[0]);
    byte[] datagram = session.datagram(request);
    assertThat(datagram[5] & 0xC0).as("encrypted and authenticated bits").isEqualTo(0xC0);
    assertThat(Hex.of(datagram)).doesNotContain(Hex.of(request.encode()));
    assertThat(datagram.length - 16).as("16-byte HMAC-SHA256-128 AuthCode at the end").isPositive();
  }

  @Test
  void aWrongPasswordIsAnAuthenticationFailure() throws Exception {
    assertThatThrownBy(() -> open(3, "admin", "wrong", PrivilegeLevel.ADMINISTRATOR))
        .isInstanceOfSatisfying(HandshakeFailure.class, f -> assertThat(f.reason()).isEqualTo(HandshakeFailure.Reason.AUTHENTICATION));
  }

  @Test
  void anUnknownUserIsAnAuthenticationFailure() {
    assertThatThrownBy(() -> open(3, "nobody", "secret", PrivilegeLevel.ADMINISTRATOR))
        .isInstanceOfSatisfying(HandshakeFailure.class, f -> assertThat(f.reason()).isEqualTo(HandshakeFailure.Reason.AUTHENTICATION));
  }

  @Test
  void aUserAskingAboveItsLevelIsAPrivilegeFailure() {
    assertThatThrownBy(() -> open(3, "viewer", "look", PrivilegeLevel.ADMINISTRATOR))
        .isInstanceOfSatisfying(HandshakeFailure.class, f -> assertThat(f.reason()).isEqualTo(HandshakeFailure.Reason.PRIVILEGE));
  }

  @Test
  void aUserLevelSessionMayReadButNotControl() throws Exception {
    ClientSession session = open(3, "viewer", "look", PrivilegeLevel.USER);
    assertThat(call(session, session.request(GetChassisStatus.ID, new byte[0])).ok()).isTrue();
    IpmiResponse control = call(session, session.request(ChassisControl.ID,
        new ChassisControl.Request(ChassisControl.Action.POWER_UP).encode()));
    assertThat(control.completionCode()).isEqualTo(CompletionCode.INSUFFICIENT_PRIVILEGE);
    IpmiResponse raise = call(session, session.request(SetSessionPrivilegeLevel.ID,
        new SetSessionPrivilegeLevel.Request(PrivilegeLevel.ADMINISTRATOR).encode()));
    assertThat(raise.completionCode()).isEqualTo(SetSessionPrivilegeLevel.LEVEL_EXCEEDS_LIMIT);
  }

  @Test
  void aTamperedOrReplayedPacketGetsNoAnswer() throws Exception {
    ClientSession session = open(3, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    byte[] datagram = session.datagram(session.request(GetChassisStatus.ID, new byte[0]));
    byte[] tampered = datagram.clone();
    tampered[30] ^= 0x01;
    assertThat(bmc.handle(tampered)).isNull();
    assertThat(bmc.handle(datagram)).isNotNull();
    assertThat(bmc.handle(datagram)).as("the same sequence number twice").isNull();
  }

  @Test
  void aRetriedRequestIsAnsweredAgainWithoutBeingCarriedOutTwice() throws Exception {
    ClientSession session = open(3, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    assertThat(call(session, session.request(SetSessionPrivilegeLevel.ID,
        new SetSessionPrivilegeLevel.Request(PrivilegeLevel.ADMINISTRATOR).encode())).ok()).isTrue();
    IpmiRequest cycle = session.request(ChassisControl.ID, new ChassisControl.Request(ChassisControl.Action.POWER_CYCLE).encode());

    assertThat(call(session, cycle).ok()).isTrue();
    clock.addAndGet(1_500_000_000L); // its answer was lost: the requester sends it again in a new packet
    assertThat(call(session, cycle).ok()).as("the same answer").isTrue();
    assertThat(controls).as("carried out once").isEqualTo(1);

    IpmiRequest again = session.request(ChassisControl.ID, new ChassisControl.Request(ChassisControl.Action.POWER_CYCLE).encode());
    assertThat(call(session, again).ok()).isTrue();
    assertThat(controls).as("a new request (a new IPMI sequence number) is carried out").isEqualTo(2);

    clock.addAndGet(6_000_000_000L);
    assertThat(call(session, again).ok()).isTrue();
    assertThat(controls).as("a repeat long after is a new request").isEqualTo(3);
  }

  @Test
  void anIdleSessionIsForgotten() throws Exception {
    ClientSession session = open(3, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    clock.addAndGet(61_000_000_000L);
    assertThat(bmc.handle(session.datagram(session.request(GetChassisStatus.ID, new byte[0])))).isNull();
    assertThat(bmc.sessionCount()).isZero();
  }

  @Test
  void aSuiteTheBmcRefusesIsUnsupported() {
    BmcEndpoint strict = new BmcEndpoint(Map.of("admin", new BmcUser("admin", "secret", 4))::get, new byte[16], Set.of(17),
        this::chassis, new Random(1), clock::get, 60, 4);
    ClientHandshake handshake = new ClientHandshake(CipherSuite.SUITE_3, "admin", "secret", 4, 7, new Random(2));
    assertThatThrownBy(() -> handshake.onOpenSession(strict.handle(handshake.openSession())))
        .isInstanceOfSatisfying(HandshakeFailure.class, f -> assertThat(f.reason()).isEqualTo(HandshakeFailure.Reason.UNSUPPORTED));
  }

  @Test
  void theBmcRunsOutOfSessions() throws Exception {
    for (int i = 0; i < 4; i++) {
      open(3, "admin", "secret", PrivilegeLevel.ADMINISTRATOR);
    }
    assertThatThrownBy(() -> open(3, "admin", "secret", PrivilegeLevel.ADMINISTRATOR))
        .isInstanceOfSatisfying(HandshakeFailure.class, f -> assertThat(f.reason()).isEqualTo(HandshakeFailure.Reason.BUSY));
  }
}
