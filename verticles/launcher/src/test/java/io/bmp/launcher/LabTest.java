package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.lab.LabNode;
import io.bmp.core.testing.Files;
import io.bmp.launcher.lab.LabSetup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab end to end, in process: ten simulated machines with real IPMI BMCs, network-booting
 * through the node's real DHCP (relayed), TFTP and HTTP, running the real agent; everything driven
 * through the REST API as a console would. Then the other flows on the same machines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabTest {

  private static final int NODES = 10;
  private static final int IMAGE_MIB = 4;
  private static final List<String> INSTALL_STEPS = List.of("image.pin", "dhcp.reserve", "driver.boot-pxe",
      "driver.power-cycle", "agent.checkin", "agent.write-image", "agent.password", "agent.cloud-init", "dhcp.release",
      "driver.boot-disk", "driver.power-cycle", "guest.checkin");

  Path dataDir;
  LabConf conf;
  Node node;
  LabSetup setup;
  ApiSession api;
  String typeId;
  JsonObject rawImage;
  JsonObject tarImage;
  List<JsonObject> instances = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    dataDir = java.nio.file.Files.createTempDirectory("bmp-lab-");
    conf = new LabConf(new JsonObject()
        .put("agent.checkin", new JsonObject().put("timeoutMillis", 30_000))
        .put("guest.checkin", new JsonObject().put("timeoutMillis", 30_000)));
    node = Node.start(conf.descriptor(dataDir)).await();
    setup = LabRunner.start(node, NODES, false, IMAGE_MIB, conf.bmcPort, 0).await();
    api = new ApiSession(node.vertx(), conf.apiBase()).login("admin", LabConf.ADMIN_PASSWORD);
    waitFor("every machine on the shelf", () -> api.items("/v1/devices?roomId=lab"),
        devices -> devices.size() == NODES && devices.stream().allMatch(d -> "ready".equals(((JsonObject) d).getString("state"))));
    typeId = api.items("/v1/device-types?roomId=lab").getJsonObject(0).getString("id");
    for (Object o : api.items("/v1/images")) {
      JsonObject image = (JsonObject) o;
      if (image.getString("name").equals("bmp-demo-raw")) {
        rawImage = image;
      } else if (image.getString("name").equals("bmp-demo-rootfs")) {
        tarImage = image;
      }
    }
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
    if (node != null) {
      node.stop().await();
    }
    Files.deleteTree(dataDir);
  }

  @Test
  @Order(1)
  void tenMachinesCreatedThroughTheApiReachRunningWithEveryStepTimed() throws Exception {
    JsonArray created = api.post("/v1/instances", instanceRequest(rawImage, "lab", NODES), 202).getJsonArray("items");
    assertThat(created).hasSize(NODES);

    JsonArray running = waitFor("all ten instances running", () -> api.items("/v1/instances?roomId=lab"),
        all -> all.size() == NODES && all.stream().allMatch(i -> settled(((JsonObject) i).getString("status"))));
    assertThat(running).allSatisfy(i -> assertThat(((JsonObject) i).getString("status")).as("%s", i).isEqualTo("running"));

    for (Object o : running) {
      JsonObject instance = (JsonObject) o;
      instances.add(instance);
      JsonObject task = api.items("/v1/tasks?instanceId=" + instance.getString("id")).getJsonObject(0);
      assertThat(task.getString("state")).isEqualTo("succeeded");
      JsonArray steps = task.getJsonArray("steps");
      assertThat(steps.stream().map(s -> ((JsonObject) s).getString("kind")).toList()).isEqualTo(INSTALL_STEPS);
      assertThat(steps).allSatisfy(s -> {
        JsonObject step = (JsonObject) s;
        assertThat(step.getString("state")).isEqualTo("succeeded");
        assertThat(step.getLong("durationMillis")).as("duration of %s", step.getString("kind")).isNotNull()
            .isGreaterThanOrEqualTo(0);
      });
      JsonObject write = steps.getJsonObject(INSTALL_STEPS.indexOf("agent.write-image"));
      assertThat(write.getLong("progressDone")).isEqualTo(rawImage.getLong("sizeBytes"));
    }
    for (LabNode machine : setup.lab().nodes()) {
      assertThat(sha256(machine.simulated().disk(0), rawImage.getLong("sizeBytes")))
          .as("the image's bytes on %s's disk", machine.sn()).isEqualTo(rawImage.getString("sha256"));
      assertThat(java.nio.file.Files.readString(machine.simulated().rootfs().resolve("etc/shadow"))).startsWith("root:$6$");
    }
  }

  @Test
  @Order(2)
  void reinstallWithTheRootFileSystemImageUnpacksItOnTheSameMachine() throws Exception {
    JsonObject instance = instances.get(0);
    api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject()
        .put("imageId", tarImage.getString("id")).put("password", "An0ther-Passw0rd"), 202);

    JsonObject task = waitForTask(instance, "reinstall");

    assertThat(task.getString("state")).as("%s", task).isEqualTo("succeeded");
    assertThat(kinds(task)).contains("agent.clean", "agent.partition", "agent.format", "agent.write-image");
    LabNode machine = machineOf(instance);
    assertThat(java.nio.file.Files.readString(machine.simulated().rootfs().resolve("etc/os-release"))).contains("BMP Demo Linux");
    JsonObject after = api.get("/v1/instances/" + instance.getString("id"));
    assertThat(after.getString("status")).isEqualTo("running");
    assertThat(after.getString("imageId")).as("the instance records the image it now runs").isEqualTo(tarImage.getString("id"));
  }

  @Test
  @Order(3)
  void deletingAnInstanceWipesItsDiskAndPutsTheMachineBackOnTheShelf() throws Exception {
    JsonObject instance = instances.get(1);
    LabNode machine = machineOf(instance);
    assertThat(sha256(machine.simulated().disk(0), 1 << 20)).isNotEqualTo(sha256OfZeros(1 << 20));

    api.delete("/v1/instances/" + instance.getString("id"), 202);
    JsonObject task = waitForTask(instance, "delete");

    assertThat(task.getString("state")).as("%s", task).isEqualTo("succeeded");
    assertThat(kinds(task)).contains("agent.wipe");
    assertThat(sha256(machine.simulated().disk(0), 1 << 20)).as("the first MiB is zeros").isEqualTo(sha256OfZeros(1 << 20));
    JsonObject device = api.get("/v1/devices/" + instance.getString("deviceId"));
    assertThat(device.getString("state")).isEqualTo("ready");
    assertThat(device.getString("instanceId")).isNull();
  }

  @Test
  @Order(4)
  void aTaskThatFailedCanBeRetriedFromItsFailedStep() throws Exception {
    // An image whose server answers 503 until the operator "fixes" it: the write fails after its attempts.
    AtomicBoolean broken = new AtomicBoolean(true);
    byte[] bytes = new byte[1 << 20];
    new Random(11).nextBytes(bytes);
    Vertx vertx = node.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (broken.get()) {
        req.response().setStatusCode(503).end();
      } else {
        req.response().end(Buffer.buffer(bytes));
      }
    }).listen(0, "127.0.0.1").await();
    try {
      String osId = rawImage.getString("osId");
      JsonObject flaky = api.post("/v1/images", new JsonObject().put("name", "flaky-" + server.actualPort()).put("osId", osId)
          .put("bootModes", new JsonArray().add("uefi")).put("format", "raw")
          .put("url", "http://127.0.0.1:" + server.actualPort() + "/flaky.raw").put("sha256", sha256(bytes)), 201);
      api.put("/v1/device-types/" + typeId + "/images/" + flaky.getString("id"), null, 204);
      JsonObject instance = instances.get(2);
      api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject()
          .put("imageId", flaky.getString("id")).put("password", "An0ther-Passw0rd"), 202);

      JsonObject failed = waitForTask(instance, "reinstall");
      assertThat(failed.getString("state")).as("%s", failed).isEqualTo("failed");
      JsonObject write = step(failed, "agent.write-image");
      assertThat(write.getString("state")).isEqualTo("failed");
      assertThat(write.getInteger("attempts")).isEqualTo(write.getInteger("maxAttempts"));

      broken.set(false);
      api.post("/v1/tasks/" + failed.getString("id") + "/retry", null, 200);
      JsonObject retried = waitFor("the retried task to end", () -> api.get("/v1/tasks/" + failed.getString("id")),
          t -> !t.getString("state").equals("pending") && !t.getString("state").equals("running"));

      assertThat(retried.getString("state")).as("%s", retried).isEqualTo("succeeded");
      assertThat(step(retried, "agent.clean").getString("finishedAt")).as("a step that succeeded is not run again")
          .isEqualTo(step(failed, "agent.clean").getString("finishedAt"));
      assertThat(step(retried, "driver.boot-pxe").getString("finishedAt"))
          .as("the failure closed the LiveOS session: the retry boots the LiveOS again before writing")
          .isNotEqualTo(step(failed, "driver.boot-pxe").getString("finishedAt"));
      assertThat(step(retried, "agent.write-image").getInteger("attempts")).isEqualTo(1);
      assertThat(sha256(machineOf(instance).simulated().disk(0), bytes.length)).isEqualTo(sha256(bytes));
      assertThat(api.get("/v1/instances/" + instance.getString("id")).getString("status")).isEqualTo("running");
    } finally {
      server.close();
    }
  }

  @Test
  @Order(5)
  void aCancelledInstallStopsAndLeavesTheDeviceFree() throws Exception {
    JsonObject instance = instances.get(3);
    LabNode machine = machineOf(instance);
    machine.simulated().throttle(256 << 10); // 4 MiB at 256 KiB/s: the write lasts long enough to be cancelled in
    try {
      api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject()
          .put("imageId", rawImage.getString("id")).put("password", "An0ther-Passw0rd"), 202);
      JsonObject writing = waitFor("the write to be under way", () -> api.items("/v1/tasks?instanceId="
              + instance.getString("id")).getJsonObject(0),
          t -> t.getJsonArray("steps").stream().map(x -> (JsonObject) x)
              .anyMatch(x -> x.getString("kind").equals("agent.write-image") && x.getString("state").equals("running")));

      api.post("/v1/tasks/" + writing.getString("id") + "/cancel", null, 200);

      JsonObject cancelled = api.get("/v1/tasks/" + writing.getString("id"));
      assertThat(cancelled.getString("state")).isEqualTo("cancelled");
      JsonObject after = api.get("/v1/instances/" + instance.getString("id"));
      assertThat(after.getString("status")).isEqualTo("error");
      assertThat(after.getString("statusReason")).contains("cancelled");
    } finally {
      machine.simulated().throttle(0);
    }
    // The device takes a new task at once (no lock is left behind), and it runs to the end.
    api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject()
        .put("imageId", rawImage.getString("id")).put("password", "An0ther-Passw0rd"), 202);
    JsonObject again = waitFor("the next reinstall to end", () -> api.items("/v1/tasks?instanceId="
        + instance.getString("id")).getJsonObject(0), t -> t.getString("state").equals("succeeded")
        || t.getString("state").equals("failed"));
    assertThat(again.getString("state")).as("%s", again).isEqualTo("succeeded");
  }

  @Test
  @Order(6)
  void collectingHardwareWritesTheInventoryBackToTheDevice() {
    String deviceId = instances.get(1).getString("deviceId"); // freed by the delete above
    assertThat(api.get("/v1/devices/" + deviceId + "/disks").getJsonArray("items")).as("nothing collected yet").isEmpty();
    api.post("/v1/devices/" + deviceId + "/unshelve", null, 202);
    waitFor("the device back in stock", () -> api.get("/v1/devices/" + deviceId),
        d -> d.getString("state").equals("in_stock") && api.items("/v1/tasks?deviceId=" + deviceId).getJsonObject(0)
            .getString("state").equals("succeeded"));

    api.post("/v1/devices/" + deviceId + "/collect", null, 202);
    JsonObject task = waitFor("the collection to end", () -> api.items("/v1/tasks?deviceId=" + deviceId).getJsonObject(0),
        t -> t.getString("kind").equals("collect") && !List.of("pending", "running").contains(t.getString("state")));

    assertThat(task.getString("state")).as("%s", task).isEqualTo("succeeded");
    JsonObject device = api.get("/v1/devices/" + deviceId);
    JsonArray disks = api.get("/v1/devices/" + deviceId + "/disks").getJsonArray("items");
    assertThat(disks).hasSize(1);
    assertThat(disks.getJsonObject(0).getLong("sizeBytes")).isEqualTo(64L << 30);
    assertThat(disks.getJsonObject(0).getString("serialNumber")).isEqualTo(device.getString("sn") + "-D0");
    assertThat(disks.getJsonObject(0).getString("diskType")).isEqualTo("SSD");
    JsonObject nic = device.getJsonArray("interfaces").getJsonObject(0);
    assertThat(nic.getString("switchIp")).as("LLDP's neighbour").isEqualTo("10.0.0.1");
    assertThat(nic.getString("switchPort")).isEqualTo("Eth1/1");
  }

  @Test
  @Order(7)
  void theRoomsDriverWatchesEnrolledMachinesAndTheirPowerShowsOnTheDevices() {
    // Every machine on the shelf or carrying an instance has had its BMC read; the one put back in
    // stock above is not watched and shows unknown.
    JsonArray all = waitFor("every watched machine's power state", () -> api.items("/v1/devices?roomId=lab"),
        devices -> devices.stream().map(d -> (JsonObject) d).allMatch(d -> List.of("ready", "in_use").contains(d.getString("state"))
            ? !"unknown".equals(d.getString("powerState")) && d.getString("powerSince") != null
            : "unknown".equals(d.getString("powerState"))));
    assertThat(all.stream().map(d -> ((JsonObject) d).getString("state"))).contains("in_use", "in_stock");

    // Switched off behind the platform's back (at the BMC's own page, say): the background sync sees it.
    JsonObject instance = instances.get(0);
    JsonObject before = api.get("/v1/devices/" + instance.getString("deviceId"));
    assertThat(before.getString("powerState")).isEqualTo("on");
    LabNode machine = machineOf(instance);
    machine.bmc().onContext(() -> {
      machine.bmc().node().powerDown();
      return null;
    }).await();
    JsonObject after = waitFor("the power-off seen", () -> api.get("/v1/devices/" + instance.getString("deviceId")),
        d -> "off".equals(d.getString("powerState")));
    assertThat(java.time.Instant.parse(after.getString("powerSince")))
        .isAfter(java.time.Instant.parse(before.getString("powerSince")));
  }

  @Test
  @Order(8)
  void aKeyItsOwnerDeletedStaysOnTheInstanceThroughItsTasks() throws Exception {
    String publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl lab-kept@bmp";
    String key = api.post("/v1/ssh-keys", new JsonObject().put("name", "lab-kept").put("publicKey", publicKey), 201)
        .getString("id");
    JsonObject instance = instances.get(4);
    LabNode machine = machineOf(instance);
    api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject()
        .put("imageId", rawImage.getString("id")).put("sshKeyIds", new JsonArray().add(key)), 202);
    assertThat(waitForTask(instance, "reinstall").getString("state")).isEqualTo("succeeded");
    assertThat(java.nio.file.Files.readString(machine.simulated().seed().resolve("meta-data"))).contains(publicKey);

    api.delete("/v1/ssh-keys/" + key, 204);
    // Every task of the instance loads its keys: a deleted one failed them all before, and the
    // instance stayed "restarting" with no call able to bring it back.
    api.post("/v1/instances/" + instance.getString("id") + "/restart", null, 202);
    JsonObject restart = waitForTask(instance, "power_cycle");
    assertThat(restart.getString("state")).as("%s", restart).isEqualTo("succeeded");
    assertThat(api.get("/v1/instances/" + instance.getString("id")).getString("status")).isEqualTo("running");

    java.nio.file.Files.delete(machine.simulated().seed().resolve("meta-data"));
    api.post("/v1/instances/" + instance.getString("id") + "/reinstall", new JsonObject().put("keepData", true), 202);
    JsonObject again = waitForTask(instance, "reinstall");
    assertThat(again.getString("state")).as("%s", again).isEqualTo("succeeded");
    assertThat(java.nio.file.Files.readString(machine.simulated().seed().resolve("meta-data")))
        .as("keys left out of a reinstall are the instance's, the deleted one too").contains(publicKey);
  }

  @Test
  @Order(9)
  void aTaskThatCannotLoadWhatItActsOnLeavesItsInstanceInErrorNotMidway() {
    JsonObject instance = instances.get(5);
    var db = io.bmp.core.node.NodeResources.of(node.vertx()).database("lab-test");
    String imageId = api.get("/v1/instances/" + instance.getString("id")).getString("imageId");
    // The instance's image row gone from under it (a hand edit, a restore from an older backup).
    db.pool().preparedQuery("UPDATE images SET alive = NULL WHERE id = ?").execute(io.vertx.sqlclient.Tuple.of(imageId)).await();
    try {
      api.post("/v1/instances/" + instance.getString("id") + "/restart", null, 202);
      JsonObject failed = waitForTask(instance, "power_cycle");
      assertThat(failed.getString("state")).isEqualTo("failed");
      assertThat(failed.getString("errorCode")).isEqualTo("NOT_FOUND");
      JsonObject after = api.get("/v1/instances/" + instance.getString("id"));
      assertThat(after.getString("status")).as("not left restarting, from where nothing could reset it").isEqualTo("error");
    } finally {
      db.pool().preparedQuery("UPDATE images SET alive = 1 WHERE id = ?").execute(io.vertx.sqlclient.Tuple.of(imageId)).await();
    }
    api.post("/v1/instances/" + instance.getString("id") + "/reset-status", null, 200);
  }

  private JsonObject instanceRequest(JsonObject image, String name, int count) {
    return new JsonObject().put("roomId", "lab").put("deviceTypeId", typeId).put("imageId", image.getString("id"))
        .put("bootMode", "uefi").put("name", name).put("count", count).put("password", "Str0ng-Passw0rd!");
  }

  private static boolean settled(String status) {
    return "running".equals(status) || "error".equals(status);
  }

  /** The instance's latest task of {@code kind}, once it ended (read by device: a deleted instance is gone). */
  private JsonObject waitForTask(JsonObject instance, String kind) {
    return waitFor(kind + " of " + instance.getString("id") + " to end", () -> {
      for (Object o : api.items("/v1/tasks?deviceId=" + instance.getString("deviceId"))) {
        JsonObject t = (JsonObject) o;
        if (t.getString("kind").equals(kind)) {
          return t;
        }
      }
      return new JsonObject().put("state", "pending");
    }, t -> !t.getString("state").equals("pending") && !t.getString("state").equals("running"));
  }

  private static List<String> kinds(JsonObject task) {
    return task.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("kind")).toList();
  }

  private static JsonObject step(JsonObject task, String kind) {
    return task.getJsonArray("steps").stream().map(s -> (JsonObject) s).filter(s -> s.getString("kind").equals(kind))
        .findFirst().orElseThrow(() -> new AssertionError("no step " + kind + " in " + task));
  }

  private LabNode machineOf(JsonObject instance) {
    String sn = api.get("/v1/devices/" + instance.getString("deviceId")).getString("sn");
    return setup.lab().nodes().stream().filter(n -> n.sn().equals(sn)).findFirst().orElseThrow();
  }

  /** Polls until {@code done} holds (the platform's records are the truth; no sleeps in assertions). */
  static <T> T waitFor(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
    long deadline = System.currentTimeMillis() + 180_000;
    T last = null;
    while (System.currentTimeMillis() < deadline) {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
  }

  static String sha256(Path file, long length) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      long left = length;
      long position = 0;
      while (left > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        int n = channel.read(buffer, position);
        if (n <= 0) {
          break;
        }
        digest.update(buffer.array(), 0, n);
        position += n;
        left -= n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String sha256OfZeros(int length) throws Exception {
    return sha256(new byte[length]);
  }
}
