package io.bmp.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.lab.SimulatedBmc;
import io.bmp.agent.lab.SimulatedRedfish;
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
import io.bmp.driver.redfish.RedfishProfile;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redfish binding over the event bus against the simulated BMC's Redfish side: power confirmed
 * by reading PowerState back, boot override, Thermal/Power sensors, the SEL log service, the
 * enrolment check by account role, HTTPS with a self-signed certificate (made by the JDK's keytool),
 * a session the BMC forgot opened again, and the error codes (bad password, read-only role,
 * nothing listening).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverRedfishTest {

  private static final String ROOM = "rf";
  private Vertx vertx;
  private DriverCalls calls;
  private SimulatedBmc bmc;
  private SimulatedRedfish admin;      // http, Administrator, power changes take 200 ms
  private SimulatedRedfish readOnly;   // http, ReadOnly role, same node
  private SimulatedRedfish secure;     // https with a self-signed certificate, vendor Supermicro
  private Path dir;

  @BeforeAll
  void start() throws Exception {
    calls = DriverCalls.deploy(ROOM, new JsonObject().put("confirmPollMillis", 50).put("confirmSeconds", 5)
        .put("redfish", new JsonObject().put("timeoutMillis", 2000).put("attempts", 2).put("retryMillis", 50)));
    vertx = calls.vertx();
    bmc = SimulatedBmc.start(vertx, "127.0.0.1", 0, SimulatedBmc.Settings.of("admin", "pw-admin", 200), 1).await();
    admin = SimulatedRedfish.start(vertx, bmc, "127.0.0.1", 0, "admin", "pw-admin", "Administrator", "Contoso", null).await();
    readOnly = SimulatedRedfish.start(vertx, bmc, "127.0.0.1", 0, "viewer", "pw-viewer", "ReadOnly", "Contoso", null).await();
    dir = Files.createTempDirectory("bmp-redfish-tls");
    Path keystore = selfSignedKeystore(dir);
    secure = SimulatedRedfish.start(vertx, bmc, "127.0.0.1", 0, "admin", "pw-admin", "Administrator", "Supermicro",
        new PfxOptions().setPath(keystore.toString()).setPassword("changeit")).await();
  }

  /** A BMC-like self-signed certificate, made by the JDK's own keytool. */
  private static Path selfSignedKeystore(Path dir) throws Exception {
    Path keystore = dir.resolve("bmc.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "bmc", "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "2", "-dname", "CN=bmc.lab.example", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool: %s", output).isTrue();
    return keystore;
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().await();
    try (var files = Files.list(dir)) {
      files.forEach(f -> f.toFile().delete());
    }
    Files.deleteIfExists(dir);
  }

  private Bmc redfish(SimulatedRedfish sim, String type, String user, String password) {
    return new Bmc("dev-rf-" + sim.port(), type, "127.0.0.1", sim.port(), user, calls.seal(password));
  }

  private Bmc admin() {
    return redfish(admin, "redfish-http", "admin", "pw-admin");
  }

  private <T> T onSim(Callable<T> read) {
    return DriverCalls.await(bmc.onContext(read));
  }

  @Test
  void powerChangesAreConfirmedByReadingPowerStateBack() {
    PowerState off = calls.ask(DriverContract.POWER, new PowerCommand(admin(), "off"), PowerState.class);
    assertThat(off.power()).isEqualTo("off");
    assertThat(onSim(() -> bmc.node().powerOn())).isFalse();
    // The node switches 200 ms after the action: answered "on" only once Redfish reports it so.
    PowerState on = calls.ask(DriverContract.POWER, new PowerCommand(admin(), "on"), PowerState.class);
    assertThat(on.power()).isEqualTo("on");
    assertThat(onSim(() -> bmc.node().powerOn())).isTrue();
    assertThat(calls.ask(DriverContract.POWER, new PowerCommand(admin(), "cycle"), PowerState.class).power()).isEqualTo("on");
    assertThat(calls.ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class).power()).isEqualTo("on");
  }

  @Test
  void bootOverrideIsPatchedAndReadBack() {
    BootState pxe = calls.ask(DriverContract.BOOT_DEVICE, new BootCommand(admin(), "pxe", false, true), BootState.class);
    assertThat(pxe.target()).isEqualTo("pxe");
    assertThat(pxe.persistent()).isFalse();
    assertThat(pxe.uefi()).isTrue();
    assertThat(onSim(() -> bmc.node().bootFlags().device())).isEqualTo(BootDevice.PXE);
    BootState disk = calls.ask(DriverContract.BOOT_DEVICE, new BootCommand(admin(), "disk", true, false), BootState.class);
    assertThat(disk.target()).isEqualTo("disk");
    assertThat(disk.persistent()).isTrue();
  }

  @Test
  void thermalAndPowerAreReadAsSensors() {
    calls.ask(DriverContract.POWER, new PowerCommand(admin(), "on"), PowerState.class);
    SensorReadings readings = calls.ask(DriverContract.SENSORS, new BmcQuery(admin(), 0), SensorReadings.class);
    assertThat(readings.readings()).extracting(Reading::name, Reading::kind, Reading::value, Reading::unit)
        .contains(org.assertj.core.groups.Tuple.tuple("CPU Temp", "temperature", 48.0, "C"),
            org.assertj.core.groups.Tuple.tuple("Fan1", "fan", 6000.0, "RPM"),
            org.assertj.core.groups.Tuple.tuple("Power", "power", 180.0, "W"),
            org.assertj.core.groups.Tuple.tuple("12V", "voltage", 12.0, "V"));
  }

  @Test
  void theEventLogIsReadSinceAMarkAndCleared() {
    calls.ask(DriverContract.POWER, new PowerCommand(admin(), "on"), PowerState.class);
    calls.ask(DriverContract.POWER, new PowerCommand(admin(), "off"), PowerState.class);
    SelEntries all = calls.ask(DriverContract.SEL, new BmcQuery(admin(), 0), SelEntries.class);
    assertThat(all.entries()).isNotEmpty();
    long last = all.entries().get(all.entries().size() - 1).id();
    assertThat(all.entries().get(all.entries().size() - 1).sensorKind()).isEqualTo("power-unit");
    assertThat(calls.ask(DriverContract.SEL, new BmcQuery(admin(), last), SelEntries.class).entries()).isEmpty();
    calls.ask(DriverContract.SEL_CLEAR, new BmcQuery(admin(), 0), SelEntries.class);
    assertThat(onSim(() -> bmc.node().sel().size())).isZero();
  }

  @Test
  void theEnrolmentCheckReadsTheAccountsRole() {
    CheckResult ok = calls.ask(DriverContract.CHECK, new BmcQuery(admin(), 0), CheckResult.class);
    assertThat(ok.administrator()).isTrue();
    assertThat(ok.privilege()).isEqualTo("ADMINISTRATOR");
    CheckResult viewer = calls.ask(DriverContract.CHECK,
        new BmcQuery(redfish(readOnly, "redfish-http", "viewer", "pw-viewer"), 0), CheckResult.class);
    assertThat(viewer.authenticated()).isTrue();
    assertThat(viewer.administrator()).isFalse();
  }

  @Test
  void errorsAreTypedAndNeverEchoThePassword() throws Exception {
    BmpException auth = calls.failure(DriverContract.POWER,
        new PowerCommand(redfish(admin, "redfish-http", "admin", "wrong-pw-123"), "status"));
    assertThat(auth.code()).isEqualTo(ErrorCode.BMC_AUTH_FAILED);
    assertThat(auth.getMessage()).doesNotContain("wrong-pw-123");
    BmpException privilege = calls.failure(DriverContract.POWER,
        new PowerCommand(redfish(readOnly, "redfish-http", "viewer", "pw-viewer"), "on"));
    assertThat(privilege.code()).isEqualTo(ErrorCode.BMC_PRIVILEGE);
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Bmc nobody = new Bmc("dev-gone", "redfish-http", "127.0.0.1", closed, "admin", calls.seal("pw-admin"));
    assertThat(calls.failure(DriverContract.POWER, new PowerCommand(nobody, "status")).code())
        .isEqualTo(ErrorCode.BMC_UNREACHABLE);
  }

  @Test
  void aSessionTheBmcForgotIsOpenedAgain() {
    calls.ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class);
    assertThat(DriverCalls.await(admin.sessionCount())).isEqualTo(1);
    DriverCalls.await(admin.forgetSessions());
    assertThat(calls.ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class).power()).isNotNull();
    assertThat(DriverCalls.await(admin.sessionCount())).isEqualTo(1);
  }

  @Test
  void httpsWithASelfSignedCertificateAndTheVendorsProfile() {
    Bmc tls = redfish(secure, "redfish", "admin", "pw-admin");
    assertThat(calls.ask(DriverContract.POWER, new PowerCommand(tls, "on"), PowerState.class).power()).isEqualTo("on");
    // Supermicro's profile leaves BootSourceOverrideMode alone: the node keeps the mode it had.
    boolean efiBefore = onSim(() -> bmc.node().bootFlags().efi());
    BootState state = calls.ask(DriverContract.BOOT_DEVICE, new BootCommand(tls, "pxe", false, !efiBefore), BootState.class);
    assertThat(state.target()).isEqualTo("pxe");
    assertThat(onSim(() -> bmc.node().bootFlags().efi())).isEqualTo(efiBefore);
    assertThat(RedfishProfile.forVendor("Supermicro").bootMode()).isFalse();
    assertThat(RedfishProfile.forVendor("Contoso").name()).isEqualTo("generic");
  }
}
