package io.bmp.launcher;

import static io.bmp.launcher.LabTest.sha256;
import static io.bmp.launcher.LabTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.lab.Lab;
import io.bmp.core.testing.Files;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of the step machine: {@code kill -9} of the all-in-one process (platform and lab
 * together, as a power cut would take them) while ten machines write their images, then a restart
 * with the same data. Every install ends running; the steps that had succeeded are not run again;
 * the writes that were in flight are written again, whole; no device is left with a task.
 */
class LabCrashTest {

  private static final int NODES = 10;
  private static final int IMAGE_MIB = 64;
  // 64 s per write before the crash: the ten machines start their writes some seconds apart on a
  // busy machine, and all ten must be writing at once. The kill comes as soon as they are, so the
  // slow disk costs nothing; after the restart the disks are fast (0: unthrottled).
  private static final int DISK_MIBPS_BEFORE = 1;
  private static final int DISK_MIBPS_AFTER = 0;

  Path work;
  Vertx vertx;
  ChildNode child;

  @BeforeEach
  void setUp() throws Exception {
    work = java.nio.file.Files.createTempDirectory("bmp-lab-crash-");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    if (child != null) {
      child.close();
    }
    vertx.close().await();
    Files.deleteTree(work);
  }

  @Test
  void killedWhileTenMachinesWriteTheirImagesEveryInstallEndsRunningAfterTheRestart() throws Exception {
    LabConf conf = new LabConf(new JsonObject()
        .put("agent.checkin", new JsonObject().put("timeoutMillis", 60_000))
        .put("guest.checkin", new JsonObject().put("timeoutMillis", 60_000)));
    Path confFile = conf.write(work.resolve("lab.json"));
    Path data = work.resolve("data");
    child = ChildNode.start(work.resolve("run1"), Map.of(), args(confFile, data, conf, DISK_MIBPS_BEFORE));
    ApiSession api = session(conf);
    waitFor("every machine on the shelf", () -> api.items("/v1/devices?roomId=lab"), devices -> devices.size() == NODES
        && devices.stream().allMatch(d -> "ready".equals(((JsonObject) d).getString("state"))));
    String typeId = api.items("/v1/device-types?roomId=lab").getJsonObject(0).getString("id");
    JsonObject image = api.items("/v1/images").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("name").equals("bmp-demo-raw")).findFirst().orElseThrow();
    api.post("/v1/instances", new JsonObject().put("roomId", "lab").put("deviceTypeId", typeId)
        .put("imageId", image.getString("id")).put("bootMode", "uefi").put("name", "crash").put("count", NODES)
        .put("password", "Str0ng-Passw0rd!"), 202);

    JsonArray writing = waitFor("all ten writes under way", () -> new Progress(api.items("/v1/tasks?pageSize=100")),
        progress -> progress.running().size() == NODES && progress.running().stream().allMatch(t -> writing((JsonObject) t)))
        .running();
    child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
    child.process.waitFor();
    api.close();
    Map<String, JsonObject> before = new HashMap<>();
    writing.forEach(t -> before.put(((JsonObject) t).getString("id"), (JsonObject) t));

    child = ChildNode.start(work.resolve("run2"), Map.of(), args(confFile, data, conf, DISK_MIBPS_AFTER));
    ApiSession again = session(conf);
    JsonArray instances = waitFor("all ten instances to settle", () -> again.items("/v1/instances?roomId=lab"),
        all -> all.size() == NODES && all.stream().allMatch(i -> List.of("running", "error")
            .contains(((JsonObject) i).getString("status"))));

    assertThat(instances).allSatisfy(i -> assertThat(((JsonObject) i).getString("status")).as("%s", i).isEqualTo("running"));
    for (JsonObject earlier : before.values()) {
      JsonObject task = again.get("/v1/tasks/" + earlier.getString("id"));
      assertThat(task.getString("state")).isEqualTo("succeeded");
      JsonArray steps = task.getJsonArray("steps");
      for (int i = 0; i < steps.size(); i++) {
        JsonObject was = earlier.getJsonArray("steps").getJsonObject(i);
        JsonObject now = steps.getJsonObject(i);
        assertThat(now.getString("state")).isEqualTo("succeeded");
        if (was.getString("state").equals("succeeded")) {
          assertThat(now.getString("finishedAt")).as("%s ran once, before the crash", now.getString("kind"))
              .isEqualTo(was.getString("finishedAt"));
          assertThat(now.getInteger("attempts")).isEqualTo(was.getInteger("attempts"));
        }
      }
      JsonObject write = steps.stream().map(s -> (JsonObject) s).filter(s -> s.getString("kind").equals("agent.write-image"))
          .findFirst().orElseThrow();
      assertThat(write.getInteger("attempts")).as("the write in flight was issued again").isEqualTo(2);
      assertThat(write.getLong("progressDone")).isEqualTo(image.getLong("sizeBytes"));
    }
    assertThat(again.items("/v1/tasks?state=pending")).as("no device is left with a task").isEmpty();
    assertThat(again.items("/v1/tasks?state=running")).as("no device is left with a task").isEmpty();
    for (int n = 1; n <= NODES; n++) {
      Path disk = data.resolve("lab").resolve(Lab.Identity.of(n).sn()).resolve("disk0.img");
      assertThat(sha256(disk, image.getLong("sizeBytes"))).as("the image on %s", disk).isEqualTo(image.getString("sha256"));
    }
    again.close();
    assertThat(child.terminate(60)).isZero();
  }

  private static String[] args(Path confFile, Path data, LabConf conf, int diskMibps) {
    return new String[] {"--conf", confFile.toString(), "--data", data.toString(), "--lab", String.valueOf(NODES),
        "--lab-idle", "--lab-image-mib", String.valueOf(IMAGE_MIB), "--lab-disk-mibps", String.valueOf(diskMibps),
        "--lab-bmc-port", String.valueOf(conf.bmcPort)};
  }

  /** Every task, shown by the step each is in (so a failed wait says where every task stood). */
  private record Progress(JsonArray tasks) {
    JsonArray running() {
      return new JsonArray(tasks.stream().filter(t -> ((JsonObject) t).getString("state").equals("running")).toList());
    }

    @Override
    public String toString() {
      return tasks.stream().map(o -> (JsonObject) o).map(t -> t.getString("kind") + " " + t.getString("state") + " at "
          + t.getJsonArray("steps").stream().map(s -> (JsonObject) s).filter(s -> !s.getString("state").equals("succeeded"))
          .findFirst().map(s -> s.getString("kind") + " " + s.getString("state") + " " + s.getLong("progressDone") + " "
              + s.getString("errorCode", ""))
          .orElse("its end")).toList().toString();
    }
  }

  private static boolean writing(JsonObject task) {
    return task.getJsonArray("steps").stream().map(s -> (JsonObject) s).anyMatch(s -> s.getString("kind")
        .equals("agent.write-image") && s.getString("state").equals("running") && s.getLong("progressDone") != null
        && s.getLong("progressDone") > 0);
  }

  /** Logs in once the child's API answers (its start takes a few seconds). */
  private ApiSession session(LabConf conf) {
    return waitFor("the node's API", () -> {
      ApiSession api = new ApiSession(vertx, conf.apiBase());
      try {
        return api.login("admin", LabConf.ADMIN_PASSWORD);
      } catch (Exception | AssertionError notYet) { // connection refused until it listens
        api.close();
        if (!child.process.isAlive()) {
          throw new AssertionError("the node exited: " + child.stderr() + child.stdout());
        }
        return null;
      }
    }, session -> session != null);
  }
}
