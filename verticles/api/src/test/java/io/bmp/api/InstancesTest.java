package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Creating instances, their actions, tasks, and what tenants may see of each other. */
class InstancesTest extends ApiTestBase {

  @Test
  void creatingInstancesAllocatesDevicesAndStartsInstallTasks() {
    Stock stock = stock(3);
    ApiClient user = newUser("User");
    ApiClient.Response created = user.post("/v1/instances", stock.create("web", 2).put("hostname", "web"));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    JsonArray items = created.json().getJsonArray("items");
    assertThat(items).hasSize(2);
    JsonObject first = items.getJsonObject(0);
    assertThat(first.getString("name")).isEqualTo("web-1");
    assertThat(first.getString("hostname")).isEqualTo("web-1");
    assertThat(first.getString("status")).isEqualTo("creating");
    assertThat(first.getJsonArray("partitions")).hasSize(1);
    assertThat(created.text()).doesNotContain("Inst4ll-pass");
    // Two devices now carry instances; one is left.
    assertThat(owner.get("/v1/device-types/" + stock.typeId()).json().getInteger("stock")).isEqualTo(1);
    JsonObject task = user.get("/v1/tasks/" + first.getString("taskId")).json();
    assertThat(task.getString("kind")).isEqualTo("install");
    assertThat(task.getString("state")).isEqualTo("pending");
    JsonObject device = owner.get("/v1/devices/" + first.getString("deviceId")).json();
    assertThat(device.getString("state")).isEqualTo("in_use");
    assertThat(device.getString("instanceId")).isEqualTo(first.getString("id"));
  }

  @Test
  void askingForMoreThanTheStockAllocatesNothing() {
    Stock stock = stock(2);
    ApiClient user = newUser("User");
    ApiClient.Response refused = user.post("/v1/instances", stock.create("big", 3));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("INSUFFICIENT_STOCK");
    assertThat(owner.get("/v1/device-types/" + stock.typeId()).json().getInteger("stock")).isEqualTo(2);
    assertThat(user.get("/v1/instances").json().getLong("totalCount")).isZero();
  }

  @Test
  void twentyParallelCreatesCompetingForFiveDevicesGetExactlyFive() throws Exception {
    Stock stock = stock(5);
    ApiClient user = newUser("User");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<ApiClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        calls.add(() -> user.post("/v1/instances", stock.create("race" + n, 1)));
      }
      List<ApiClient.Response> responses = new ArrayList<>();
      for (var future : pool.invokeAll(calls)) {
        responses.add(future.get());
      }
      long created = responses.stream().filter(r -> r.status() == 202).count();
      long refused = responses.stream().filter(r -> r.status() == 409 && "INSUFFICIENT_STOCK".equals(r.errorCode())).count();
      assertThat(created).as(responses.toString()).isEqualTo(5);
      assertThat(refused).as(responses.toString()).isEqualTo(15);
      Set<String> devices = new HashSet<>();
      responses.stream().filter(r -> r.status() == 202)
          .forEach(r -> devices.add(r.json().getJsonArray("items").getJsonObject(0).getString("deviceId")));
      assertThat(devices).as("no device allocated twice").hasSize(5);
      assertThat(owner.get("/v1/device-types/" + stock.typeId()).json().getInteger("stock")).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSeedSystemsValidationRulesApply() {
    Stock stock = stock(1);
    ApiClient user = newUser("User");
    assertThat(user.post("/v1/instances", stock.create("xx", 1).put("password", "weakweak")).status()).isEqualTo(400);
    assertThat(user.post("/v1/instances", stock.create("xx", 1).put("sshKeyIds", new JsonArray().add("sshkey-1")))
        .errorMessage()).contains("exactly one");
    assertThat(user.post("/v1/instances", stock.create("bad name!", 1)).json().getJsonObject("error").getString("field"))
        .isEqualTo("/name");
    assertThat(user.post("/v1/instances", stock.create("ok", 1).put("hostname", "a..b")).status()).isEqualTo(400);
    assertThat(user.post("/v1/instances", stock.create("ok", 1).put("hostname", "-abc")).status()).isEqualTo(400);
    // The type and image both boot BIOS, but no BIOS partition layout exists and none was given.
    assertThat(user.post("/v1/instances", stock.create("ok", 1).put("bootMode", "bios")).errorMessage())
        .contains("No partition layout");
    assertThat(user.post("/v1/instances", stock.create("ok", 1).put("systemRaidId", "r-raid5")).errorMessage())
        .contains("RAID");
    JsonObject withForeignKey = stock.create("ok", 1);
    withForeignKey.remove("password");
    ApiClient.Response foreignKey = user.post("/v1/instances",
        withForeignKey.put("sshKeyIds", new JsonArray().add("sshkey-someone-else")));
    assertThat(foreignKey.status()).as("another user's key is not found").isEqualTo(404);
  }

  @Test
  void theDataVolumeHasItsOwnRaidLevelAndPartitions() {
    JsonArray volumes = new JsonArray()
        .add(new JsonObject().put("name", "system").put("volumeType", "system").put("diskType", "SSD")
            .put("interfaceType", "SATA").put("sizeGb", 480).put("amount", 2)
            .put("raidLevelIds", new JsonArray().add("r-raid1").add("r-noraid")))
        .add(new JsonObject().put("name", "data").put("volumeType", "data").put("diskType", "HDD")
            .put("interfaceType", "SAS").put("sizeGb", 8000).put("amount", 4)
            .put("raidLevelIds", new JsonArray().add("r-raid5").add("r-raid10")));
    Stock stock = stock(1, volumes);
    Stock plain = stock(1);
    ApiClient user = newUser("User");
    JsonArray layout = new JsonArray()
        .add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0))
        .add(new JsonObject().put("mountPoint", "/data0").put("fsType", "xfs").put("sizeMb", 0).put("volume", "data"));

    assertThat(user.post("/v1/instances", stock.create("dd", 1).put("dataRaidId", "r-raid1")).errorMessage())
        .as("a level the data volume does not allow").contains("dataRaidId").contains("not allowed on the data volume");
    assertThat(user.post("/v1/instances", plain.create("dd", 1).put("dataRaidId", "r-raid5")).errorMessage())
        .contains("has no data volume");
    assertThat(user.post("/v1/instances", plain.create("dd", 1).put("partitions", layout)).errorMessage())
        .as("partitions on data need a data volume").contains("no data volume");
    JsonArray rootOnData = new JsonArray().add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0)
        .put("volume", "data"));
    assertThat(user.post("/v1/instances", stock.create("dd", 1).put("partitions", rootOnData)).errorMessage())
        .contains("must be on the system volume");
    // Each volume's last partition may take the rest of it.
    JsonArray twoRests = layout.copy().add(new JsonObject().put("mountPoint", "/home").put("fsType", "ext4")
        .put("sizeMb", 0).put("volume", "data"));
    assertThat(user.post("/v1/instances", stock.create("dd", 1).put("partitions", twoRests)).errorMessage())
        .contains("only the last partition of a volume");

    ApiClient.Response created = user.post("/v1/instances", stock.create("data", 1).put("systemRaidId", "r-raid1")
        .put("dataRaidId", "r-raid5").put("partitions", layout));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    JsonObject instance = created.json().getJsonArray("items").getJsonObject(0);
    assertThat(instance.getString("dataRaidId")).isEqualTo("r-raid5");
    assertThat(user.get("/v1/instances/" + instance.getString("id")).json().getJsonArray("partitions").getJsonObject(1)
        .getString("volume")).isEqualTo("data");
    JsonObject params = new JsonObject(new io.bmp.core.repo.TaskRepository(db).get(instance.getString("taskId")).await()
        .params());
    assertThat(params.getString("dataRaidId")).isEqualTo("r-raid5");
    assertThat(params.getInteger("systemDisks")).isEqualTo(2);
    assertThat(params.getInteger("dataDisks")).isEqualTo(4);
    assertThat(params.getJsonArray("partitions").getJsonObject(1).getString("volume")).isEqualTo("data");
  }

  @Test
  void tenantsSeeOnlyTheirOwnAndSharedInstances() {
    Stock stock = stock(2);
    ApiClient alice = newUser("User");
    ApiClient bob = newUser("User");
    String instanceId = alice.post("/v1/instances", stock.create("alice-box", 1)).json().getJsonArray("items")
        .getJsonObject(0).getString("id");
    assertThat(bob.get("/v1/instances/" + instanceId).status()).isEqualTo(404);
    assertThat(bob.get("/v1/instances").json().getLong("totalCount")).isZero();
    assertThat(bob.post("/v1/instances/" + instanceId + "/lock", null).status()).isEqualTo(404);
    assertThat(owner.get("/v1/instances/" + instanceId).status()).as("operators see all").isEqualTo(200);
    // Shared read-only: bob sees it but may not change it.
    String project = alice.get("/v1/profile").json().getString("defaultProjectId");
    String bobName = bob.get("/v1/profile").json().getString("username");
    ApiClient.Response shared = alice.post("/v1/projects/" + project + "/shares",
        new JsonObject().put("username", bobName).put("permission", "read"));
    assertThat(shared.status()).isEqualTo(200);
    JsonObject share = shared.json().getJsonArray("shares").getJsonObject(0);
    assertThat(share.getString("username")).as("the owner sees whom it is shared with by name").isEqualTo(bobName);
    assertThat(share.getString("userId")).isEqualTo(bob.get("/v1/profile").json().getString("id"));
    assertThat(bob.get("/v1/instances/" + instanceId).status()).isEqualTo(200);
    assertThat(bob.post("/v1/instances/" + instanceId + "/lock", null).status()).isEqualTo(403);
    // Write share: he may.
    alice.post("/v1/projects/" + project + "/shares", new JsonObject().put("username", bobName).put("permission", "write"));
    assertThat(bob.post("/v1/instances/" + instanceId + "/lock", null).status()).isEqualTo(200);
    // ...but a write share does not let him carry the instance off into a project of his own.
    String bobsProject = bob.get("/v1/profile").json().getString("defaultProjectId");
    JsonObject taken = bob.post("/v1/projects/" + bobsProject + "/move-instances",
        new JsonObject().put("instanceIds", new JsonArray().add(instanceId))).json().getJsonArray("items").getJsonObject(0);
    assertThat(taken.getBoolean("ok")).as(taken.encode()).isFalse();
    assertThat(taken.getJsonObject("error").getString("code")).isEqualTo("PERMISSION_DENIED");
    assertThat(alice.get("/v1/instances/" + instanceId).json().getString("projectId")).isEqualTo(project);
  }

  @Test
  void actionsFollowTheStatusAndTheLock() {
    Stock stock = stock(1);
    ApiClient user = newUser("User");
    JsonObject instance = user.post("/v1/instances", stock.create("act", 1)).json().getJsonArray("items").getJsonObject(0);
    String id = instance.getString("id");
    ApiClient.Response notRunning = user.post("/v1/instances/" + id + "/stop", null);
    assertThat(notRunning.status()).isEqualTo(409);
    assertThat(notRunning.errorMessage()).contains("creating");
    // The install finishes (as the scheduler will make it): running.
    installed(id, instance.getString("taskId"));
    assertThat(user.post("/v1/instances/" + id + "/lock", null).json().getBoolean("locked")).isTrue();
    ApiClient.Response locked = user.post("/v1/instances/" + id + "/stop", null);
    assertThat(locked.status()).isEqualTo(409);
    assertThat(locked.errorMessage()).contains("locked");
    user.post("/v1/instances/" + id + "/unlock", null);
    ApiClient.Response stop = user.post("/v1/instances/" + id + "/stop", null);
    assertThat(stop.status()).isEqualTo(202);
    assertThat(stop.json().getString("kind")).isEqualTo("power_off");
    JsonObject stopping = user.get("/v1/instances/" + id).json();
    assertThat(stopping.getString("status")).isEqualTo("stopping");
    assertThat(stopping.getString("taskId")).as("the newest task").isEqualTo(stop.json().getString("id"));
    // Cancel it: the instance is marked failed; reset takes it back to running.
    ApiClient.Response cancelled = user.post("/v1/tasks/" + stop.json().getString("id") + "/cancel", null);
    assertThat(cancelled.json().getString("state")).isEqualTo("cancelled");
    JsonObject failed = user.get("/v1/instances/" + id).json();
    assertThat(failed.getString("status")).isEqualTo("error");
    assertThat(failed.getString("statusReason")).isEqualTo("power_off: cancelled");
    assertThat(user.post("/v1/instances/" + id + "/reset-status", null).json().getString("status")).isEqualTo("running");
    // The task list of the instance shows both tasks, newest first.
    JsonArray tasks = user.get("/v1/tasks?instanceId=" + id).json().getJsonArray("items");
    assertThat(tasks).hasSize(2);
    assertThat(tasks.getJsonObject(0).getString("kind")).isEqualTo("power_off");
  }

  @Test
  void manyInstancesAreReinstalledThenResetInOneCall() {
    Stock stock = stock(2);
    ApiClient user = newUser("User");
    JsonArray created = user.post("/v1/instances", stock.create("bulk", 2)).json().getJsonArray("items");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject instance = created.getJsonObject(i);
      ids.add(instance.getString("id"));
      installed(instance.getString("id"), instance.getString("taskId"));
    }
    ApiClient.Response weak = user.post("/v1/batch/instances/reinstall",
        new JsonObject().put("instanceIds", new JsonArray(ids)).put("password", "weakweakweak"));
    assertThat(weak.status()).as("checked before any instance is touched").isEqualTo(400);
    assertThat(user.get("/v1/instances/" + ids.get(0)).json().getString("status")).isEqualTo("running");

    JsonArray reinstalled = user.post("/v1/batch/instances/reinstall", new JsonObject().put("instanceIds", new JsonArray(ids))
        .put("password", "N3w-pass-word").put("keepData", true)).json().getJsonArray("items");
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject item = reinstalled.getJsonObject(i);
      assertThat(item.getBoolean("ok")).as(item.encode()).isTrue();
      JsonObject task = user.get("/v1/tasks/" + item.getString("taskId")).json();
      assertThat(task.getString("kind")).isEqualTo("reinstall");
      assertThat(user.get("/v1/instances/" + ids.get(i)).json().getString("hostname"))
          .as("each keeps its own host name").isEqualTo(created.getJsonObject(i).getString("hostname"));
      assertThat(user.get("/v1/instances/" + ids.get(i)).json().getString("status")).isEqualTo("reinstalling");
      tasks.add(item.getString("taskId"));
    }
    for (String task : tasks) {
      user.post("/v1/tasks/" + task + "/cancel", null);
    }
    JsonArray reset = user.post("/v1/batch/instances/reset-status", new JsonObject().put("instanceIds", new JsonArray(ids)))
        .json().getJsonArray("items");
    for (int i = 0; i < 2; i++) {
      assertThat(reset.getJsonObject(i).getBoolean("ok")).as(reset.encode()).isTrue();
      assertThat(user.get("/v1/instances/" + ids.get(i)).json().getString("status"))
          .as("after a failed reinstall nobody knows what the disk holds: stopped").isEqualTo("stopped");
    }
  }

  @Test
  void aCancelledInstallForgetsItsPassword() {
    Stock stock = stock(1);
    ApiClient user = newUser("User");
    JsonObject instance = user.post("/v1/instances", stock.create("forget", 1)).json().getJsonArray("items").getJsonObject(0);
    String id = instance.getString("id");
    assertThat(installSecret(id)).as("kept until the install uses it").isNotNull();
    ApiClient.Response cancelled = user.post("/v1/tasks/" + instance.getString("taskId") + "/cancel", null);
    assertThat(cancelled.json().getString("state")).as(cancelled.toString()).isEqualTo("cancelled");
    assertThat(installSecret(id)).as("a cancelled task is never retried").isNull();
  }

  /** The install finished, as the scheduler would have it: the instance running, its task succeeded. */
  private void installed(String instanceId, String installTaskId) {
    db.pool().preparedQuery("UPDATE instances SET status = 'running' WHERE id = ?").execute(io.vertx.sqlclient.Tuple.of(instanceId))
        .await();
    var tasks = new io.bmp.core.repo.TaskRepository(db);
    tasks.finish(tasks.get(installTaskId).await(), io.bmp.core.domain.TaskState.SUCCEEDED, null, null).await();
  }

  private String installSecret(String instanceId) {
    return db.pool().preparedQuery("SELECT secret_enc FROM instances WHERE id = ?").execute(io.vertx.sqlclient.Tuple.of(instanceId))
        .await().iterator().next().getString("secret_enc");
  }

  @Test
  void reinstallMayChangeTheImageAndTakesTheTypesLayoutForIt() {
    Stock stock = stock(1);
    ApiClient user = newUser("User");
    String id = user.post("/v1/instances", stock.create("re", 1)).json().getJsonArray("items").getJsonObject(0).getString("id");
    installed(id, user.get("/v1/tasks?instanceId=" + id).json().getJsonArray("items").getJsonObject(0).getString("id"));
    Fixtures f = new Fixtures(owner);
    String osId = f.operatingSystem().getString("id");
    String unbound = f.image(osId).getString("id");
    ApiClient.Response noLogin = user.post("/v1/instances/" + id + "/reinstall", new JsonObject().put("keepData", true));
    assertThat(noLogin.status()).as("no password, no keys: nobody could log in afterwards").isEqualTo(400);
    assertThat(noLogin.errorMessage()).contains("password or SSH keys");
    assertThat(user.get("/v1/instances/" + id).json().getString("status")).isEqualTo("running");
    ApiClient.Response badHost = user.post("/v1/instances/" + id + "/reinstall", new JsonObject().put("hostname", "-a..b-"));
    assertThat(badHost.status()).as("the host name rule of create").isEqualTo(400);
    assertThat(badHost.errorMessage()).contains("hostname");
    ApiClient.Response refused = user.post("/v1/instances/" + id + "/reinstall", new JsonObject().put("imageId", unbound)
        .put("password", "N3w-pass-word"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.errorMessage()).contains("not bound");
    // Another image, bound, BIOS only, with its own layout on the type.
    String other = owner.post("/v1/images", new JsonObject().put("name", "bios-only").put("osId", osId)
        .put("bootModes", new JsonArray().add("bios")).put("format", "raw.gz").put("url", "http://images.example/bios.raw.gz")
        .put("sha256", "cd".repeat(32)).put("sizeBytes", 1 << 20)).json().getString("id");
    owner.put("/v1/device-types/" + stock.typeId() + "/images/" + other, null);
    owner.put("/v1/device-types/" + stock.typeId() + "/partition-templates", new JsonObject().put("imageId", other)
        .put("bootMode", "bios").put("partitions", new JsonArray()
            .add(new JsonObject().put("mountPoint", "/boot").put("fsType", "ext4").put("sizeMb", 1024))
            .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0))));
    ApiClient.Response uefi = user.post("/v1/instances/" + id + "/reinstall", new JsonObject().put("imageId", other)
        .put("password", "N3w-pass-word"));
    assertThat(uefi.status()).as("the instance boots UEFI; the image only BIOS").isEqualTo(400);
    assertThat(uefi.errorMessage()).contains("boot mode uefi");
    ApiClient.Response started = user.post("/v1/instances/" + id + "/reinstall",
        new JsonObject().put("imageId", other).put("bootMode", "bios").put("keepData", true).put("password", "N3w-pass-word"));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonObject params = new JsonObject(new io.bmp.core.repo.TaskRepository(db).get(started.json().getString("id")).await().params());
    assertThat(params.getString("imageId")).isEqualTo(other);
    assertThat(params.getString("bootMode")).isEqualTo("bios");
    assertThat(params.getBoolean("keepData")).isTrue();
    assertThat(params.getJsonArray("partitions")).as("the type's layout for the new image").hasSize(2);
    assertThat(params.getJsonArray("partitions").getJsonObject(0).getString("mountPoint")).isEqualTo("/boot");
  }

  @Test
  void reinstallKeepsTheInstancesKeysEvenOnesItsOwnerDeletedSince() {
    Stock stock = stock(1);
    ApiClient user = newUser("User");
    String key = user.post("/v1/ssh-keys", new JsonObject().put("name", "kept").put("publicKey",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl kept@bmp")).json().getString("id");
    JsonObject body = stock.create("keyed", 1);
    body.remove("password");
    body.put("sshKeyIds", new JsonArray().add(key));
    JsonObject instance = user.post("/v1/instances", body).json().getJsonArray("items").getJsonObject(0);
    String id = instance.getString("id");
    installed(id, instance.getString("taskId"));
    assertThat(user.delete("/v1/ssh-keys/" + key).status()).isEqualTo(204);

    ApiClient.Response started = user.post("/v1/instances/" + id + "/reinstall", new JsonObject().put("keepData", true));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonObject params = new JsonObject(new io.bmp.core.repo.TaskRepository(db).get(started.json().getString("id")).await().params());
    assertThat(params.getJsonArray("sshKeyIds")).as("left out: the instance's own").containsExactly(key);
    assertThat(params.getBoolean("hasPassword")).isFalse();
    // What the scheduler installs: the key, though deleted, by id alone.
    assertThat(new io.bmp.core.repo.SshKeyRepository(db).getForInstall(java.util.List.of(key)).await()).extracting(k -> k.id()).containsExactly(key);
  }

  @Test
  void batchActionsReportEachInstance() {
    Stock stock = stock(2);
    ApiClient user = newUser("User");
    JsonArray items = user.post("/v1/instances", stock.create("bb", 2)).json().getJsonArray("items");
    JsonArray ids = new JsonArray().add(items.getJsonObject(0).getString("id")).add("bmp-not-mine");
    assertThat(user.patch("/v1/profile", new JsonObject().put("language", "zh-CN")).status()).isEqualTo(200);
    JsonArray result = user.post("/v1/batch/instances/lock", new JsonObject().put("instanceIds", ids)).json().getJsonArray("items");
    assertThat(result.getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(result.getJsonObject(1).getBoolean("ok")).isFalse();
    assertThat(result.getJsonObject(1).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(result.getJsonObject(1).getJsonObject("error").getString("message")).as("in the caller's language").contains("不存在");
    JsonArray renamed = user.post("/v1/batch/instances/rename", new JsonObject().put("name", "fleet")
        .put("instanceIds", new JsonArray().add(items.getJsonObject(0).getString("id")).add(items.getJsonObject(1).getString("id"))))
        .json().getJsonArray("items");
    assertThat(renamed.getJsonObject(0).getBoolean("ok")).as("locked").isFalse();
    assertThat(renamed.getJsonObject(1).getBoolean("ok")).isTrue();
    assertThat(user.get("/v1/instances/" + items.getJsonObject(1).getString("id")).json().getString("name")).isEqualTo("fleet-2");
    // The audit log has one entry per instance named, with that instance's own outcome.
    JsonArray audited = user.get("/v1/audit-logs?operation=BatchInstances").json().getJsonArray("items");
    assertThat(audited).as(audited.encode()).hasSize(4);
    JsonObject refused = audited.stream().map(JsonObject.class::cast)
        .filter(e -> "bmp-not-mine".equals(e.getString("targetId"))).findFirst().orElseThrow();
    assertThat(refused.getString("result")).isEqualTo("fail");
    assertThat(refused.getString("errorCode")).isEqualTo("NOT_FOUND");
    assertThat(refused.getString("detail")).as("the audit log keeps a refusal untranslated, as for a single call")
        .contains("bmp-not-mine").doesNotContain("不存在");
    assertThat(audited.stream().map(JsonObject.class::cast).filter(e -> e.getString("result").equals("success"))
        .map(e -> e.getString("targetId"))).containsExactlyInAnyOrder(items.getJsonObject(0).getString("id"),
            items.getJsonObject(1).getString("id"));
  }

  @Test
  void projectsAreSharedTransferredAndDeletedOnlyWhenEmpty() {
    Stock stock = stock(1);
    ApiClient alice = newUser("User");
    ApiClient bob = newUser("User");
    String bobName = bob.get("/v1/profile").json().getString("username");
    JsonObject project = alice.post("/v1/projects", new JsonObject().put("name", "lab")).json();
    String pid = project.getString("id");
    String instanceId = alice.post("/v1/instances", stock.create("pp", 1).put("projectId", pid)).json()
        .getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(alice.delete("/v1/projects/" + pid).status()).isEqualTo(409);
    String defaultProject = alice.get("/v1/profile").json().getString("defaultProjectId");
    assertThat(alice.delete("/v1/projects/" + defaultProject).status()).isEqualTo(409);
    // Move the instance back to the default project; then the project can be transferred and deleted.
    JsonArray moved = alice.post("/v1/projects/" + defaultProject + "/move-instances",
        new JsonObject().put("instanceIds", new JsonArray().add(instanceId))).json().getJsonArray("items");
    assertThat(moved.getJsonObject(0).getBoolean("ok")).isTrue();
    ApiClient.Response transferred = alice.post("/v1/projects/" + pid + "/transfer",
        new JsonObject().put("username", bobName).put("version", project.getInteger("version")));
    assertThat(transferred.status()).as(transferred.toString()).isEqualTo(200);
    assertThat(alice.get("/v1/projects/" + pid).status()).as("the old owner keeps nothing").isEqualTo(404);
    assertThat(bob.delete("/v1/projects/" + pid).status()).isEqualTo(204);
  }

  @Test
  void messagesAreTheCallersOwn() {
    ApiClient user = newUser("User");
    String userId = user.get("/v1/profile").json().getString("id");
    var messages = new io.bmp.core.repo.MessageRepository(db);
    for (int i = 0; i < 3; i++) {
      messages.create(new io.bmp.core.domain.Message(io.bmp.core.storage.Ids.next("m"), userId, "operation", "CreateInstances",
          "Instance created", "ok", "instance", "bmp-x", false, null)).await();
    }
    JsonObject page = user.get("/v1/messages").json();
    assertThat(page.getLong("totalCount")).isEqualTo(3);
    assertThat(page.getInteger("unread")).isEqualTo(3);
    String first = page.getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(user.post("/v1/messages/read", new JsonObject().put("ids", new JsonArray().add(first))).json().getInteger("unread"))
        .isEqualTo(2);
    assertThat(newUser("User").delete("/v1/messages/" + first).status()).isEqualTo(404);
    assertThat(user.post("/v1/messages/read", new JsonObject().put("all", true)).json().getInteger("unread")).isZero();
  }

  @Test
  void everyChangeIsAudited() {
    ApiClient user = newUser("User");
    user.post("/v1/projects", new JsonObject().put("name", "audited"));
    user.post("/v1/projects", new JsonObject().put("name", "audited"));
    JsonArray mine = user.get("/v1/audit-logs?operation=CreateProject").json().getJsonArray("items");
    assertThat(mine).hasSize(2);
    assertThat(mine.getJsonObject(0).getString("result")).isEqualTo("fail");
    assertThat(mine.getJsonObject(0).getString("errorCode")).isEqualTo("ALREADY_EXISTS");
    assertThat(mine.getJsonObject(1).getString("result")).isEqualTo("success");
    assertThat(owner.get("/v1/audit-logs?operation=CreateProject&username=" + user.get("/v1/profile").json().getString("username"))
        .json().getLong("totalCount")).isEqualTo(2);
    JsonArray oldestFirst = user.get("/v1/audit-logs?operation=CreateProject&sort=occurredAt").json().getJsonArray("items");
    assertThat(oldestFirst.getJsonObject(0).getString("result")).isEqualTo("success");
    assertThat(user.get("/v1/audit-logs?sort=secret").status()).as("only listed fields sort").isEqualTo(400);
  }

  @Test
  void callsRefusedBeforeTheirOperationRunsAreAuditedToo() {
    // A key that is not valid: refused by the authenticator, ahead of the operation's route.
    String target = "project-badkey" + Fixtures.next();
    ApiClient.Response badKey = anonymous.withKey("bmp_not-a-real-key").delete("/v1/projects/" + target);
    assertThat(badKey.status()).isEqualTo(401);
    JsonArray keyEntries = owner.get("/v1/audit-logs?operation=DeleteProject&targetId=" + target).json().getJsonArray("items");
    assertThat(keyEntries).hasSize(1);
    assertThat(keyEntries.getJsonObject(0).getString("errorCode")).isEqualTo("UNAUTHENTICATED");
    assertThat(keyEntries.getJsonObject(0).getString("result")).isEqualTo("fail");
    assertThat(keyEntries.getJsonObject(0).getString("requestId")).isEqualTo(badKey.json().getString("requestId"));
    assertThat(keyEntries.getJsonObject(0).getString("detail")).doesNotContain("bmp_not-a-real-key");
    assertThat(anonymous.withKey("bmp_not-a-real-key").get("/v1/projects/" + target).status()).isEqualTo(401);
    assertThat(owner.get("/v1/audit-logs?targetId=" + target).json().getLong("totalCount")).as("reads are not audited")
        .isEqualTo(1);

    // A JSON body over bodyLimit (1 MiB): refused before validation, with the caller known.
    ApiClient user = newUser("User");
    ApiClient.Response tooLarge = user.send(io.vertx.core.http.HttpMethod.POST, "/v1/projects",
        "{\"name\": \"" + "a".repeat(2 << 20) + "\"}");
    assertThat(tooLarge.status()).isEqualTo(413);
    JsonArray sizeEntries = user.get("/v1/audit-logs?operation=CreateProject").json().getJsonArray("items");
    assertThat(sizeEntries).as("the user's own refused call").hasSize(1);
    assertThat(sizeEntries.getJsonObject(0).getString("errorCode")).isEqualTo("PAYLOAD_TOO_LARGE");

    // A body over the body handler's own limit (16 MiB), which no operation reads.
    String big = "project-big" + Fixtures.next();
    ApiClient.Response huge = user.send(io.vertx.core.http.HttpMethod.PATCH, "/v1/projects/" + big,
        "{\"name\": \"" + "a".repeat(17 << 20) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    JsonArray hugeEntries = owner.get("/v1/audit-logs?operation=UpdateProject&targetId=" + big).json().getJsonArray("items");
    assertThat(hugeEntries).hasSize(1);
    assertThat(hugeEntries.getJsonObject(0).getString("errorCode")).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void refusedCallsAndEachCreatedInstanceAreAudited() {
    ApiClient user = newUser("User");
    ApiClient.Response refused = user.post("/v1/projects", new JsonObject().put("name", 12345));
    assertThat(refused.status()).isEqualTo(400);
    JsonArray invalid = user.get("/v1/audit-logs?operation=CreateProject").json().getJsonArray("items");
    assertThat(invalid).as("a call the contract refuses is a failed call too").hasSize(1);
    assertThat(invalid.getJsonObject(0).getString("result")).isEqualTo("fail");
    assertThat(invalid.getJsonObject(0).getString("errorCode")).isEqualTo("INVALID_ARGUMENT");
    assertThat(invalid.getJsonObject(0).getString("requestId")).isEqualTo(refused.json().getString("requestId"));

    Stock stock = stock(2);
    JsonObject created = user.post("/v1/instances", stock.create("audit", 2)).json();
    for (Object o : created.getJsonArray("items")) {
      String id = ((JsonObject) o).getString("id");
      JsonArray entries = user.get("/v1/audit-logs?targetId=" + id).json().getJsonArray("items");
      assertThat(entries).as("who created " + id).hasSize(1);
      assertThat(entries.getJsonObject(0).getString("operation")).isEqualTo("CreateInstances");
      assertThat(entries.getJsonObject(0).getString("detail")).startsWith("in ");
    }
  }
}
