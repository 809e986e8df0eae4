package io.bmp.launcher;

import static io.bmp.launcher.LabTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.node.NodeResources;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.testing.Files;
import io.bmp.launcher.lab.LabSetup;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The machine side as an operator installs it: {@code bmp.jar agent} reading a kernel command line
 * and {@code bmp.jar guest} reading the installed system's settings, each in a JVM of its own,
 * against a running node; tokens are issued as the scheduler issues them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MachineCommandsTest {

  Path dataDir;
  LabConf conf;
  Node node;
  LabSetup setup;
  Database db;
  String deviceId;

  @BeforeAll
  void start() throws Exception {
    dataDir = java.nio.file.Files.createTempDirectory("bmp-machine-");
    conf = new LabConf(new JsonObject());
    node = Node.start(conf.descriptor(dataDir)).await();
    setup = LabRunner.start(node, 1, false, 1, conf.bmcPort, 0).await(); // one device on the shelf, left powered off
    db = NodeResources.of(node.vertx()).database("machine-commands-test");
    try (ApiSession api = new ApiSession(node.vertx(), conf.apiBase()).login("admin", LabConf.ADMIN_PASSWORD)) {
      deviceId = waitFor("the device", () -> api.items("/v1/devices?roomId=lab"), d -> d.size() == 1)
          .getJsonObject(0).getString("id");
    }
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop().await();
    }
    Files.deleteTree(dataDir);
  }

  @Test
  void theLiveOsAgentChecksInWithItsKernelArgumentsAndARestartedAgentGoesOnWithTheSameSession() throws Exception {
    String token = tokens().issue(AgentTokenRepository.LIVEOS, deviceId, null, null, Duration.ofMinutes(5)).await();
    Path cmdline = dataDir.resolve("cmdline");
    java.nio.file.Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz console=ttyS0,115200 \"quoted=a b\" quiet bmp.agent="
        + conf.apiBase() + "/agent/v1 bmp.token=" + token + " bmp.mac=52:54:00:1a:00:01\n");
    Path work = dataDir.resolve("agent-work");
    String[] args = {"agent", "--cmdline", cmdline.toString(), "--work", work.toString()};

    try (ChildNode agent = ChildNode.start(dataDir.resolve("agent-1"), Map.of(), args)) {
      waitFor("the agent up", agent::stdout, out -> out.contains("AGENT-UP") || !agent.process.isAlive());
      assertThat(agent.stdout()).as(agent.stderr()).contains("AGENT-UP device=" + deviceId);
      Path session = work.resolve("session.json");
      assertThat(PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
      assertThat(new JsonObject(java.nio.file.Files.readString(session)).getString("device")).isEqualTo(deviceId);
      assertThat(java.nio.file.Files.readString(session)).doesNotContain(token);
      agent.process.destroyForcibly().waitFor();
    }
    // The boot token is spent: only the kept session lets a restarted agent go on.
    try (ChildNode again = ChildNode.start(dataDir.resolve("agent-2"), Map.of(), args)) {
      waitFor("the agent up again", again::stdout, out -> out.contains("AGENT-UP") || !again.process.isAlive());
      assertThat(again.stdout()).as(again.stderr()).contains("AGENT-UP device=" + deviceId);
    }
    // A new boot (no kept session) with the spent token is refused for good, with one line that says so.
    try (ChildNode refused = ChildNode.start(dataDir.resolve("agent-3"), Map.of(), "agent", "--cmdline",
        cmdline.toString(), "--work", dataDir.resolve("other-work").toString())) {
      assertThat(refused.waitFor(60)).isEqualTo(1);
      assertThat(refused.stderr()).startsWith("bmp: agent: check-in refused: HTTP 401");
    }
  }

  @Test
  void anAgentOnAMachineNotBootedByThePlatformSaysSoAndExits() throws Exception {
    Path cmdline = dataDir.resolve("plain-cmdline");
    java.nio.file.Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda2 quiet\n");
    try (ChildNode agent = ChildNode.start(dataDir.resolve("agent-plain"), Map.of(), "agent", "--cmdline",
        cmdline.toString(), "--work", dataDir.resolve("plain-work").toString())) {
      assertThat(agent.waitFor(60)).isEqualTo(2);
      assertThat(agent.stderr()).contains("no bmp.agent= or bmp.token=");
    }
  }

  @Test
  void theInstalledSystemConfirmsItsBootWithItsGuestTokenAndAForgedOneIsRefused() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String token = tokens().issue(AgentTokenRepository.GUEST, deviceId, null, "i-guest-test", Duration.ofDays(1)).await();
    Path settings = dataDir.resolve("guest.json");
    java.nio.file.Files.writeString(settings, new JsonObject().put("endpoint", conf.apiBase() + "/agent/v1")
        .put("token", token).put("instanceId", "i-guest-test").encode());
    try (ChildNode guest = ChildNode.start(dataDir.resolve("guest-1"), Map.of(), "guest", "--settings", settings.toString())) {
      assertThat(guest.waitFor(60)).as(guest.stdout() + guest.stderr()).isZero();
      assertThat(guest.stdout()).contains("boot confirmed");
    }
    assertThat(tokens().guestCheckedInSince(deviceId, "i-guest-test", before).await()).isTrue();

    java.nio.file.Files.writeString(settings, new JsonObject().put("endpoint", conf.apiBase() + "/agent/v1")
        .put("token", "forged-" + token).encode());
    try (ChildNode forged = ChildNode.start(dataDir.resolve("guest-2"), Map.of(), "guest", "--settings", settings.toString())) {
      assertThat(forged.waitFor(60)).isEqualTo(1);
      assertThat(forged.stdout()).contains("refused the guest token: HTTP 401");
    }
  }

  private AgentTokenRepository tokens() {
    return new AgentTokenRepository(db);
  }
}
