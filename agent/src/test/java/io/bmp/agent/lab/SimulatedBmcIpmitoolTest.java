package io.bmp.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ipmitool 1.8.19 (lanplus, cipher suites 3 and 17) against our simulated BMC: power, boot
 * device, event log and sensor repository all read back as the node's state says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedBmcIpmitoolTest {

  private Vertx vertx;
  private SimulatedBmc bmc;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    SimulatedBmc.Settings settings = SimulatedBmc.Settings.of("admin", "s3cret-pw", 0)
        .withUser("viewer", "look-only", PrivilegeLevel.USER);
    bmc = SimulatedBmc.start(vertx, "127.0.0.1", 0, settings, 1).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Ipmitool.Result admin(int suite, String... args) throws Exception {
    return Ipmitool.run(bmc.port(), suite, "admin", "s3cret-pw", args);
  }

  private boolean powerOn() throws Exception {
    return bmc.onContext(() -> bmc.node().powerOn()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "cipher suite {0}")
  @ValueSource(ints = {3, 17})
  void powerStatusOnOffCycle(int suite) throws Exception {
    assertThat(admin(suite, "chassis", "power", "off").output()).contains("Chassis Power Control: Down/Off");
    assertThat(powerOn()).isFalse();
    assertThat(admin(suite, "chassis", "power", "status").output()).contains("Chassis Power is off");
    assertThat(admin(suite, "chassis", "power", "on").output()).contains("Chassis Power Control: Up/On");
    assertThat(powerOn()).isTrue();
    assertThat(admin(suite, "chassis", "power", "status").output()).contains("Chassis Power is on");
    assertThat(admin(suite, "chassis", "power", "cycle").output()).contains("Chassis Power Control: Cycle");
    assertThat(powerOn()).isTrue();
  }

  @ParameterizedTest(name = "cipher suite {0}")
  @ValueSource(ints = {3, 17})
  void bootDeviceIsSetAndUsedUpByTheNextBoot(int suite) throws Exception {
    Ipmitool.Result pxe = admin(suite, "chassis", "bootdev", "pxe");
    assertThat(pxe.output()).contains("Set Boot Device to pxe");
    assertThat(bmc.onContext(() -> bmc.node().bootFlags().device()).toCompletionStage().toCompletableFuture().get())
        .isEqualTo(BootDevice.PXE);
    assertThat(admin(suite, "chassis", "bootparam", "get", "5").output()).contains("Force PXE");
    admin(suite, "chassis", "power", "cycle");
    assertThat(bmc.onContext(() -> bmc.node().lastBoot().device()).toCompletionStage().toCompletableFuture().get())
        .isEqualTo(BootDevice.PXE);
    assertThat(admin(suite, "chassis", "bootparam", "get", "5").output()).contains("No override");

    assertThat(admin(suite, "chassis", "bootdev", "disk").output()).contains("Set Boot Device to disk");
    assertThat(admin(suite, "chassis", "bootparam", "get", "5").output()).contains("Force Boot from default Hard-Drive");
  }

  @Test
  void selListShowsPowerEventsAndClears() throws Exception {
    admin(3, "chassis", "power", "off");
    admin(3, "chassis", "power", "on");
    Ipmitool.Result list = admin(3, "sel", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.output()).contains("Power Unit").contains("Power off/down");
    assertThat(admin(3, "sel", "clear").output()).contains("Clearing SEL");
    assertThat(admin(3, "sel", "list").output()).contains("SEL has no entries");
  }

  @Test
  void sdrListShowsEverySensorConverted() throws Exception {
    admin(3, "chassis", "power", "on");
    Ipmitool.Result sdr = admin(17, "sdr", "list");
    assertThat(sdr.exit()).isZero();
    assertThat(sdr.output())
        .containsPattern("CPU Temp\\s+\\| 48 degrees C\\s+\\| ok")
        .containsPattern("Fan1\\s+\\| 6000 RPM\\s+\\| ok")
        .containsPattern("12V\\s+\\| 12 Volts\\s+\\| ok")
        .containsPattern("Power\\s+\\| 180 Watts\\s+\\| ok");
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    Ipmitool.Result wrong = Ipmitool.run(bmc.port(), 3, "admin", "not-it", "chassis", "power", "status");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.output()).contains("Unable to establish IPMI v2 / RMCP+ session");
  }

  @Test
  void aUserLevelAccountMayReadButNotSwitchPower() throws Exception {
    Ipmitool.Result status = Ipmitool.run(bmc.port(), 3, "viewer", "look-only", "-L", "USER", "chassis", "power", "status");
    assertThat(status.output()).contains("Chassis Power is");
    Ipmitool.Result off = Ipmitool.run(bmc.port(), 3, "viewer", "look-only", "-L", "USER", "chassis", "power", "off");
    assertThat(off.exit()).isNotZero();
    assertThat(off.output()).contains("Insufficient privilege level");
  }
}
