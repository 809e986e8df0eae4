package io.bmp.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.agent.lab.SimulatedBmc;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcQuery;
import io.bmp.core.contract.DriverContract.BootCommand;
import io.bmp.core.contract.DriverContract.BootState;
import io.bmp.core.contract.DriverContract.CheckResult;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntries;
import io.bmp.core.contract.DriverContract.SensorReadings;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver verticle over the event bus against simulated BMCs speaking real IPMI 2.0 on UDP:
 * power confirmed by reading back, boot device, sensors, SEL, the enrolment check, every error
 * code, and BMCs that go silent or drop packets without holding up the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverVerticleTest {

  private static final String ROOM = "r1";
  private Vertx vertx;
  private SimulatedBmc slow;     // a power change takes 300 ms to show
  private SimulatedBmc faulty;   // switched to silent or lossy by tests
  private DriverCalls calls;

  @BeforeAll
  void start() throws Exception {
    calls = DriverCalls.deploy(ROOM, new JsonObject().put("timeoutMillis", 100)
        .put("attempts", 3).put("confirmPollMillis", 50).put("confirmSeconds", 5));
    vertx = calls.vertx();
    SimulatedBmc.Settings settings = SimulatedBmc.Settings.of("admin", "pw-admin", 300)
        .withUser("viewer", "pw-viewer", PrivilegeLevel.USER);
    slow = SimulatedBmc.start(vertx, "127.0.0.1", 0, settings, 1).await();
    faulty = SimulatedBmc.start(vertx, "127.0.0.1", 0, SimulatedBmc.Settings.of("admin", "pw-admin", 0), 2).await();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  private Bmc bmc(SimulatedBmc sim, String user, String password) {
    return new Bmc("dev-" + sim.port(), "ipmi", "127.0.0.1", sim.port(), user, calls.seal(password));
  }

  private <T> T ask(String action, Object body, Class<T> reply) {
    return calls.ask(action, body, reply);
  }

  private ErrorCode failureOf(String action, Object body) {
    return calls.failure(action, body).code();
  }

  private <T> T onSim(SimulatedBmc sim, java.util.concurrent.Callable<T> read) {
    return DriverCalls.await(sim.onContext(read));
  }

  @Test
  void powerChangesAreConfirmedByReadingTheStateBack() {
    Bmc bmc = bmc(slow, "admin", "pw-admin");
    PowerState off = ask(DriverContract.POWER, new PowerCommand(bmc, "off"), PowerState.class);
    assertThat(off.power()).isEqualTo("off");
    assertThat(onSim(slow, () -> slow.node().powerOn())).isFalse();
    PowerState on = ask(DriverContract.POWER, new PowerCommand(bmc, "on"), PowerState.class);
    assertThat(on.power()).isEqualTo("on");
    // The simulated machine shows the change 300 ms after the command: the answer waited for it.
    assertThat(on.millis()).isGreaterThanOrEqualTo(280);
    assertThat(onSim(slow, () -> slow.node().powerOn())).isTrue();
    assertThat(ask(DriverContract.POWER, new PowerCommand(bmc, "status"), PowerState.class).power()).isEqualTo("on");
    PowerState cycled = ask(DriverContract.POWER, new PowerCommand(bmc, "cycle"), PowerState.class);
    assertThat(cycled.power()).isEqualTo("on");
  }

  @Test
  void bootDeviceIsSetAndReadBack() {
    Bmc bmc = bmc(slow, "admin", "pw-admin");
    BootState pxe = ask(DriverContract.BOOT_DEVICE, new BootCommand(bmc, "pxe", false, true), BootState.class);
    assertThat(pxe).isEqualTo(new BootState(bmc.device(), "pxe", false, true));
    assertThat(onSim(slow, () -> slow.node().bootFlags().device())).isEqualTo(BootDevice.PXE);
    BootState disk = ask(DriverContract.BOOT_DEVICE, new BootCommand(bmc, "disk", true, false), BootState.class);
    assertThat(disk.target()).isEqualTo("disk");
    assertThat(disk.persistent()).isTrue();
  }

  @Test
  void sensorsAreReadAndConverted() {
    Bmc bmc = bmc(slow, "admin", "pw-admin");
    ask(DriverContract.POWER, new PowerCommand(bmc, "on"), PowerState.class);
    SensorReadings readings = ask(DriverContract.SENSORS, new BmcQuery(bmc, 0), SensorReadings.class);
    assertThat(readings.readings()).contains(
        new Reading("CPU Temp", "temperature", 48.0, "C", "ok"),
        new Reading("Fan1", "fan", 6000.0, "RPM", "ok"),
        new Reading("12V", "voltage", 12.0, "V", "ok"),
        new Reading("Power", "power", 180.0, "W", "ok"));
  }

  @Test
  void eventLogIsReadSinceAMarkAndCleared() {
    Bmc bmc = bmc(faulty, "admin", "pw-admin");
    ask(DriverContract.POWER, new PowerCommand(bmc, "on"), PowerState.class);
    ask(DriverContract.POWER, new PowerCommand(bmc, "off"), PowerState.class);
    SelEntries all = ask(DriverContract.SEL, new BmcQuery(bmc, 0), SelEntries.class);
    assertThat(all.entries()).isNotEmpty();
    assertThat(all.entries().get(all.entries().size() - 1).event()).isEqualTo("power off / power down");
    assertThat(all.entries().get(all.entries().size() - 1).asserted()).isTrue();
    long mark = all.entries().get(all.entries().size() - 1).id();
    assertThat(ask(DriverContract.SEL, new BmcQuery(bmc, mark), SelEntries.class).entries()).isEmpty();
    ask(DriverContract.POWER, new PowerCommand(bmc, "on"), PowerState.class);
    assertThat(ask(DriverContract.SEL, new BmcQuery(bmc, mark), SelEntries.class).entries()).hasSize(1);
    ask(DriverContract.SEL_CLEAR, new BmcQuery(bmc, 0), SelEntries.class);
    assertThat(ask(DriverContract.SEL, new BmcQuery(bmc, 0), SelEntries.class).entries()).isEmpty();
  }

  @Test
  void aWrongPasswordIsAuthenticationFailedAndNeverEchoed() {
    Bmc bmc = bmc(slow, "admin", "not-the-password");
    try {
      ask(DriverContract.POWER, new PowerCommand(bmc, "status"), PowerState.class);
      throw new AssertionError("accepted a wrong password");
    } catch (BmpException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.BMC_AUTH_FAILED);
      assertThat(e.getMessage()).doesNotContain("not-the-password").doesNotContain(bmc.sealedPassword());
    }
    CheckResult check = ask(DriverContract.CHECK, new BmcQuery(bmc, 0), CheckResult.class);
    assertThat(check).isEqualTo(new CheckResult(bmc.device(), true, false, null, false));
  }

  @Test
  void aUserLevelAccountIsAPrivilegeFailureAndFailsTheEnrolmentCheck() {
    Bmc viewer = bmc(slow, "viewer", "pw-viewer");
    assertThat(failureOf(DriverContract.POWER, new PowerCommand(viewer, "on"))).isEqualTo(ErrorCode.BMC_PRIVILEGE);
    CheckResult check = ask(DriverContract.CHECK, new BmcQuery(viewer, 0), CheckResult.class);
    assertThat(check).isEqualTo(new CheckResult(viewer.device(), true, true, "USER", false));
    CheckResult admin = ask(DriverContract.CHECK, new BmcQuery(bmc(slow, "admin", "pw-admin"), 0), CheckResult.class);
    assertThat(admin.administrator()).isTrue();
    assertThat(admin.privilege()).isEqualTo("ADMINISTRATOR");
  }

  @Test
  void nothingListeningIsUnreachable() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0)) {
      port = probe.getLocalPort(); // closed again: nothing answers there
    }
    Bmc nobody = new Bmc("dev-x", "ipmi", "127.0.0.1", port, "admin", calls.seal("x"));
    assertThat(failureOf(DriverContract.POWER, new PowerCommand(nobody, "status"))).isEqualTo(ErrorCode.BMC_UNREACHABLE);
    assertThat(ask(DriverContract.CHECK, new BmcQuery(nobody, 0), CheckResult.class).reachable()).isFalse();
  }

  @Test
  void aBmcThatFallsSilentTimesOutWithoutHoldingUpOthers() throws Exception {
    Bmc lossy = bmc(faulty, "admin", "pw-admin");
    Bmc healthy = bmc(slow, "admin", "pw-admin");
    ask(DriverContract.POWER, new PowerCommand(lossy, "status"), PowerState.class); // session open
    faulty.silent(true);
    try {
      CompletableFuture<ErrorCode> silent = CompletableFuture.supplyAsync(
          () -> failureOf(DriverContract.POWER, new PowerCommand(lossy, "status")));
      assertThat(ask(DriverContract.POWER, new PowerCommand(healthy, "status"), PowerState.class).power()).isNotNull();
      // The healthy BMC answered while the silent one was still being retried (three attempts on the old
      // session, three on a new one, each timeout doubling from 100 ms).
      assertThat(silent).isNotDone();
      assertThat(silent.get(30, TimeUnit.SECONDS)).isEqualTo(ErrorCode.BMC_TIMEOUT);
    } finally {
      faulty.silent(false);
    }
  }

  @Test
  void aBmcDroppingEveryOtherPacketStillAnswersThroughRetries() {
    Bmc lossy = bmc(faulty, "admin", "pw-admin");
    faulty.dropEvery(2);
    try {
      for (int i = 0; i < 5; i++) {
        assertThat(ask(DriverContract.POWER, new PowerCommand(lossy, "status"), PowerState.class).power()).isNotNull();
      }
      assertThat(ask(DriverContract.SENSORS, new BmcQuery(lossy, 0), SensorReadings.class).readings()).hasSize(5);
    } finally {
      faulty.dropEvery(0);
    }
  }

  @Test
  void aSessionTheBmcForgotIsReopenedTransparently() {
    Bmc bmc = bmc(faulty, "admin", "pw-admin");
    ask(DriverContract.POWER, new PowerCommand(bmc, "status"), PowerState.class);
    faulty.forgetSessions(); // as after a BMC reboot or its idle timeout
    assertThat(ask(DriverContract.POWER, new PowerCommand(bmc, "status"), PowerState.class).power()).isNotNull();
  }

  @Test
  void badRequestsAreInvalidArguments() {
    Bmc bmc = bmc(slow, "admin", "pw-admin");
    assertThat(failureOf(DriverContract.POWER, new PowerCommand(bmc, "explode"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failureOf(DriverContract.BOOT_DEVICE, new BootCommand(bmc, "tape", false, false)))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    Bmc unknown = new Bmc("d", "smoke-signals", "127.0.0.1", 623, "a", null);
    assertThat(failureOf(DriverContract.POWER, new PowerCommand(unknown, "status"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void theFakeBindingKeepsItsState() {
    Bmc fake = new Bmc("dev-fake", "fake", "10.0.0.9", 623, "admin", calls.seal("ok"));
    assertThat(ask(DriverContract.POWER, new PowerCommand(fake, "on"), PowerState.class).power()).isEqualTo("on");
    assertThat(ask(DriverContract.POWER, new PowerCommand(fake, "status"), PowerState.class).power()).isEqualTo("on");
    Bmc refused = new Bmc("dev-fake2", "fake", "10.0.0.10", 623, "admin", calls.seal("wrong"));
    assertThat(failureOf(DriverContract.POWER, new PowerCommand(refused, "status"))).isEqualTo(ErrorCode.BMC_AUTH_FAILED);
  }
}
