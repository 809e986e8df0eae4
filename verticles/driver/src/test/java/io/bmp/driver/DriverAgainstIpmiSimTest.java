package io.bmp.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcQuery;
import io.bmp.core.contract.DriverContract.BootCommand;
import io.bmp.core.contract.DriverContract.CheckResult;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.contract.DriverContract.SelEntries;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.testing.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our driver against ipmi_sim (OpenIPMI's LAN BMC simulator, written by others): power status,
 * on, off and cycle; the boot device; the event log; a wrong password and a User-level account give
 * their own error codes. ipmi_sim runs on loopback on a free port and is stopped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverAgainstIpmiSimTest {

  private static final String ROOM = "sim";
  private Vertx vertx;
  private Process sim;
  private int port;
  private DriverCalls calls;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    port = Ports.freeUdp();
    int serial = Ports.free();
    Files.writeString(dir.resolve("lan.conf"), String.join("\n",
        "name \"bmp-test\"",
        "set_working_mc 0x20",
        "  startlan 1",
        "    addr 127.0.0.1 " + port,
        "    priv_limit admin",
        "    allowed_auths_callback none md2 md5 straight",
        "    allowed_auths_user none md2 md5 straight",
        "    allowed_auths_operator none md2 md5 straight",
        "    allowed_auths_admin none md2 md5 straight",
        "    guid a123456789abcdefa123456789abcdef",
        "  endlan",
        // Without a VM serial interface ipmi_sim refuses chassis control ("invalid data field").
        "  serial 15 127.0.0.1 " + serial + " codec VM",
        "  startcmd \"sleep 100000\"",
        "  startnow false",
        "  poweroff_wait 1",
        "  kill_wait 1",
        "  user 2 true  \"admin\"  \"secret\" admin 10 none md2 md5 straight",
        "  user 3 true  \"viewer\" \"look\"   user  10 none md2 md5 straight",
        ""));
    // A SEL entry as a real BMC would log it: temperature sensor 30h, threshold, upper critical going high.
    Files.writeString(dir.resolve("sim.emu"), String.join("\n",
        "mc_setbmc 0x20",
        "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
        "sel_enable 0x20 1000 0x0a",
        "mc_enable 0x20",
        "sel_add 0x20 0x02 0x00 0x00 0x00 0x60 0x20 0x00 0x04 0x01 0x30 0x01 0x09 0x5a 0x50",
        ""));
    Files.createDirectories(dir.resolve("state"));
    sim = new ProcessBuilder("ipmi_sim", "-c", dir.resolve("lan.conf").toString(), "-f", dir.resolve("sim.emu").toString(),
        "-s", dir.resolve("state").toString(), "-n").redirectErrorStream(true)
        .redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();

    calls = DriverCalls.deploy(ROOM, new JsonObject().put("timeoutMillis", 200)
        .put("attempts", 4).put("confirmPollMillis", 200).put("confirmSeconds", 20));
    vertx = calls.vertx();
    waitForSim();
  }

  private void waitForSim() throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      try {
        ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class);
        return;
      } catch (BmpException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("ipmi_sim did not come up on port " + port);
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (sim != null) {
      sim.destroy();
      if (!sim.waitFor(5, TimeUnit.SECONDS)) {
        sim.destroyForcibly();
      }
    }
  }

  private Bmc admin() {
    return new Bmc("sim-1", "ipmi", "127.0.0.1", port, "admin", calls.seal("secret"));
  }

  private <T> T ask(String action, Object body, Class<T> reply) {
    return calls.ask(action, body, reply);
  }

  private BmpException failure(String action, Object body) {
    return calls.failure(action, body);
  }

  @Test
  void powerOnOffCycleAndStatus() {
    assertThat(ask(DriverContract.POWER, new PowerCommand(admin(), "on"), PowerState.class).power()).isEqualTo("on");
    assertThat(ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class).power()).isEqualTo("on");
    assertThat(ask(DriverContract.POWER, new PowerCommand(admin(), "cycle"), PowerState.class).power()).isEqualTo("on");
    assertThat(ask(DriverContract.POWER, new PowerCommand(admin(), "off"), PowerState.class).power()).isEqualTo("off");
    assertThat(ask(DriverContract.POWER, new PowerCommand(admin(), "status"), PowerState.class).power()).isEqualTo("off");
  }

  /** ipmi_sim without an attached VM refuses boot options: the driver says so, typed, rather than pretending. */
  @Test
  void bootDeviceRefusalIsReportedAsTheBmcsAnswer() {
    BmpException refused = failure(DriverContract.BOOT_DEVICE, new BootCommand(admin(), "pxe", false, false));
    assertThat(refused.code()).isIn(ErrorCode.UPSTREAM_FAILED, ErrorCode.BMC_UNSUPPORTED);
    assertThat(refused.getMessage()).contains("Set System Boot Options");
  }

  @Test
  void eventLogEntriesAreRead() {
    SelEntries sel = ask(DriverContract.SEL, new BmcQuery(admin(), 0), SelEntries.class);
    assertThat(sel.entries()).extracting(SelEntry::sensorKind, SelEntry::sensorNumber, SelEntry::event, SelEntry::asserted)
        .contains(org.assertj.core.groups.Tuple.tuple("temperature", 0x30, "upper critical going high", true));
  }

  @Test
  void aWrongPasswordAndALowPrivilegeAccountGetTheirOwnCodes() {
    Bmc wrong = new Bmc("sim-1", "ipmi", "127.0.0.1", port, "admin", calls.seal("not-secret"));
    assertThat(failure(DriverContract.POWER, new PowerCommand(wrong, "status")).code()).isEqualTo(ErrorCode.BMC_AUTH_FAILED);
    Bmc viewer = new Bmc("sim-1", "ipmi", "127.0.0.1", port, "viewer", calls.seal("look"));
    assertThat(failure(DriverContract.POWER, new PowerCommand(viewer, "on")).code()).isEqualTo(ErrorCode.BMC_PRIVILEGE);
    CheckResult check = ask(DriverContract.CHECK, new BmcQuery(viewer, 0), CheckResult.class);
    assertThat(check.reachable()).isTrue();
    assertThat(check.authenticated()).isTrue();
    assertThat(check.administrator()).isFalse();
    assertThat(ask(DriverContract.CHECK, new BmcQuery(admin(), 0), CheckResult.class).administrator()).isTrue();
  }
}
