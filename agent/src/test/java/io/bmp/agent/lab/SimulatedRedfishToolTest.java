package io.bmp.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DMTF's redfishtool 1.1.5 (Debian's package, the reference Redfish client) against the Redfish
 * side of our simulated BMC: reset actions, boot override, thermal and power readings, the SEL log
 * service and its ClearLog action, with Basic and with session authentication; a wrong password is
 * refused. Plain HTTP ({@code -S Never}): the simulator's TLS is exercised by the driver's tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedRedfishToolTest {

  private Vertx vertx;
  private SimulatedBmc bmc;
  private SimulatedRedfish redfish;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    bmc = await(SimulatedBmc.start(vertx, "127.0.0.1", 0, SimulatedBmc.Settings.of("admin", "s3cret-pw", 0), 1));
    redfish = await(SimulatedRedfish.start(vertx, bmc, "127.0.0.1", 0, "admin", "s3cret-pw", "Administrator", "Contoso", null));
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private record Result(int exit, String output) {
  }

  private Result tool(String password, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redfishtool", "-S", "Never", "-r", "127.0.0.1:" + redfish.port(),
        "-u", "admin", "-p", password));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("redfishtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  private Result admin(String... args) throws Exception {
    Result result = tool("s3cret-pw", args);
    assertThat(result.exit()).as("redfishtool %s: %s", List.of(args), result.output()).isZero();
    return result;
  }

  private boolean nodeOn() throws Exception {
    return await(bmc.onContext(() -> bmc.node().powerOn()));
  }

  @Test
  void resetActionsDriveTheNodeAndPowerStateFollows() throws Exception {
    admin("Systems", "-1", "reset", "ForceOff");
    assertThat(nodeOn()).isFalse();
    assertThat(admin("Systems", "-1", "-P", "PowerState").output()).contains("\"Off\"");
    admin("Systems", "-1", "reset", "On");
    assertThat(nodeOn()).isTrue();
    assertThat(admin("Systems", "-1", "-P", "PowerState").output()).contains("\"On\"");
    admin("-A", "Session", "Systems", "-1", "reset", "PowerCycle");
    assertThat(nodeOn()).isTrue();
  }

  @Test
  void bootOverrideIsSetAndUsedUpByTheNextBoot() throws Exception {
    admin("Systems", "-1", "setBootOverride", "Once", "Pxe");
    assertThat(await(bmc.onContext(() -> bmc.node().bootFlags().device()))).isEqualTo(BootDevice.PXE);
    assertThat(admin("Systems", "-1", "-P", "Boot").output()).contains("\"BootSourceOverrideTarget\": \"Pxe\"")
        .contains("\"BootSourceOverrideEnabled\": \"Once\"");
    admin("Systems", "-1", "reset", "PowerCycle");
    assertThat(await(bmc.onContext(() -> bmc.node().lastBoot().device()))).isEqualTo(BootDevice.PXE);
    assertThat(admin("Systems", "-1", "-P", "Boot").output()).contains("\"BootSourceOverrideEnabled\": \"Disabled\"");
  }

  @Test
  void thermalAndPowerReadingsAreTheNodes() throws Exception {
    admin("Systems", "-1", "reset", "On");
    assertThat(admin("Chassis", "-1", "Thermal").output()).contains("\"ReadingCelsius\": 48").contains("\"Reading\": 6000");
    assertThat(admin("Chassis", "-1", "Power").output()).contains("\"PowerConsumedWatts\": 180")
        .contains("\"ReadingVolts\": 12.0");
  }

  @Test
  void selEntriesAreListedAndCleared() throws Exception {
    admin("Systems", "-1", "reset", "On");
    admin("Systems", "-1", "reset", "ForceOff");
    admin("Systems", "-1", "reset", "On");
    int expected = await(bmc.onContext(() -> bmc.node().sel().size()));
    assertThat(expected).isGreaterThanOrEqualTo(2);
    assertThat(admin("Managers", "-1", "Logs", "-i", "Sel", "-E").output())
        .contains("\"Members@odata.count\": " + expected).contains("\"EntryType\": \"SEL\"");
    // redfishtool implements clearLog for Systems only; a raw POST to the action target the log service advertises.
    assertThat(admin("Managers", "-1", "Logs", "-i", "Sel").output())
        .contains("/redfish/v1/Managers/1/LogServices/Sel/Actions/LogService.ClearLog");
    admin("raw", "POST", "/redfish/v1/Managers/1/LogServices/Sel/Actions/LogService.ClearLog", "-d", "{}");
    assertThat(await(bmc.onContext(() -> bmc.node().sel().size()))).isZero();
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    Result basic = tool("not-the-password", "Systems", "-1", "-P", "PowerState");
    assertThat(basic.exit()).isNotZero();
    assertThat(basic.output()).containsIgnoringCase("401");
    Result session = tool("not-the-password", "-A", "Session", "Systems", "-1", "-P", "PowerState");
    assertThat(session.exit()).isNotZero();
  }
}
