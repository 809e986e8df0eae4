package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.host.SimulatedHost;
import io.bmp.core.contract.SchedulerContract;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.OperatingSystem;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskState;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.domain.Volume;
import io.bmp.core.node.NodeResources;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.repo.CatalogRepository;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.DeviceTypeRepository;
import io.bmp.core.repo.InstanceRepository;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.repo.TaskRepository;
import io.bmp.core.repo.UserRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.storage.PageRequest;
import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scheduler's flows on an all-in-one node whose room is {@link FakeRoom}: the real api (agent
 * gateway), scheduler, agent and simulated host, with the room's driver and dhcp answered in
 * process. Installs reach running only through the installed OS's check-in; each failure path
 * ends in the error a person needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningTest {

  private static final String ROOM = "fake";
  private static final int IMAGE_BYTES = 3 << 20;
  private static final AtomicInteger NEXT = new AtomicInteger(1);

  Path dataDir;
  Node node;
  Vertx vertx;
  FakeRoom room;
  Database db;
  HttpServer images;
  byte[] imageBytes;
  String imageSha;
  String imageUrl;
  Room roomRow;
  DeviceType type;
  Image image;
  Image badImage;
  String userId;
  String projectId;
  int apiPort;

  @BeforeAll
  void start() throws Exception {
    dataDir = java.nio.file.Files.createTempDirectory("bmp-provision-");
    apiPort = Ports.free();
    Descriptor descriptor = TestDescriptors.allInOne(ROOM, dataDir, apiPort);
    descriptor.json().put("agentChannel", agentChannel());
    JsonObject verticles = descriptor.json().getJsonObject("verticles");
    for (String roomComponent : List.of("driver", "dhcp", "tftp", "image")) {
      verticles.remove(roomComponent);
    }
    verticles.getJsonObject("scheduler").put("config", new JsonObject()
        .put("retryBaseMillis", 50).put("sweepMillis", 60_000).put("agentSilenceMillis", 1500)
        .put("boot", new JsonObject().put("agentEndpoint", "http://127.0.0.1:" + apiPort + "/agent/v1"))
        .put("steps", new JsonObject()
            .put("agent.checkin", new JsonObject().put("timeoutMillis", 5000))
            .put("guest.checkin", new JsonObject().put("timeoutMillis", 3000))));
    node = Node.start(descriptor).await();
    vertx = node.vertx();
    db = NodeResources.of(vertx).database("test");
    room = new FakeRoom(vertx, ROOM);

    imageBytes = new byte[IMAGE_BYTES];
    new Random(7).nextBytes(imageBytes);
    imageSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(imageBytes));
    images = vertx.createHttpServer().requestHandler(req -> req.response().end(Buffer.buffer(imageBytes)))
        .listen(0, "127.0.0.1").await();
    imageUrl = "http://127.0.0.1:" + images.actualPort() + "/demo.raw";

    roomRow = new RoomRepository(db).create(new Room(ROOM, "Fake room", "Fake room", "fake", "T3", null, null, "admin",
        NodeResources.of(vertx).secrets("test").encrypt("bmc-secret"), null, null, 0)).await();
    type = new DeviceTypeRepository(db).create(new DeviceType(Ids.next("dt"), ROOM, "lab type", "lab.t1", "computer",
        "x86_64", 1, 8, 16, 1, "single", List.of("uefi", "bios"), false, null,
        List.of(new Volume(null, "system", "system", "SSD", "SATA", 8, 1, List.of())), null, null, 0, 0)).await();
    CatalogRepository catalog = new CatalogRepository(db);
    OperatingSystem os = catalog.createOs(new OperatingSystem(Ids.next("os"), "Demo Linux", "linux", "1." + NEXT.get(),
        "x86_64", 64, "root")).await();
    image = catalog.createImage(new Image(Ids.next("i"), "demo-raw", os.id(), null, null, "x86_64", List.of("uefi", "bios"),
        "raw", "demo.raw", imageUrl, (long) IMAGE_BYTES, imageSha, "user_defined", "available", null, null, 0)).await();
    badImage = catalog.createImage(new Image(Ids.next("i"), "demo-corrupt", os.id(), null, null, "x86_64",
        List.of("uefi", "bios"), "raw", "demo.raw", imageUrl, (long) IMAGE_BYTES, "0".repeat(64), "user_defined",
        "available", null, null, 0)).await();
    var admin = new UserRepository(db).findByUsername("admin").await().orElseThrow();
    userId = admin.id();
    projectId = admin.defaultProjectId();
  }

  /** The channel between scheduler and gateway the flows run over (a subclass runs them on RabbitMQ). */
  JsonObject agentChannel() {
    return new JsonObject().put("kind", "local");
  }

  @AfterAll
  void stop() {
    if (room != null) {
      room.close();
    }
    if (node != null) {
      node.stop().await();
    }
    Files.deleteTree(dataDir);
  }

  @Test
  void anInstallRunsEveryStepAndEndsRunningOnlyWhenTheInstalledSystemCallsBack() throws Exception {
    Device device = readyDevice();
    Instance instance = installOn(device, image, "Str0ng-Passw0rd!");

    Task task = waitForEnd(startInstall(instance));

    assertThat(task.state()).as("%s", task).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task.steps()).extracting(TaskStep::kind).containsExactly("dhcp.reserve", "driver.boot-pxe",
        "driver.power-cycle", "agent.checkin", "agent.write-image", "agent.password", "agent.cloud-init", "dhcp.release",
        "driver.boot-disk", "driver.power-cycle", "guest.checkin");
    assertThat(task.steps()).allSatisfy(s -> {
      assertThat(s.startedAt()).isNotNull();
      assertThat(s.finishedAt()).isNotNull();
    });
    TaskStep write = task.steps().get(4);
    assertThat(write.progressTotal()).isEqualTo(IMAGE_BYTES);
    assertThat(write.progressDone()).isEqualTo(IMAGE_BYTES);

    Instance after = new InstanceRepository(db).get(instance.id()).await();
    assertThat(after.status()).isEqualTo(InstanceStatus.RUNNING);
    assertThat(after.secretEnc()).as("the install password is consumed").isNull();

    SimulatedHost host = room.hosts.get(device.id());
    byte[] onDisk = new byte[IMAGE_BYTES];
    try (FileChannel disk = FileChannel.open(host.disk(0), StandardOpenOption.READ)) {
      disk.read(ByteBuffer.wrap(onDisk), 0);
    }
    assertThat(onDisk).as("the image's bytes are at the start of the disk").isEqualTo(imageBytes);
    assertThat(java.nio.file.Files.readString(host.rootfs().resolve("etc/shadow"))).startsWith("root:$6$");
    assertThat(java.nio.file.Files.readString(host.seed().resolve("meta-data")))
        .contains("instance-id: " + instance.id()).contains("local-hostname: " + instance.hostname());
    assertThat(room.reservations).as("the DHCP reservation is released").doesNotContainKey(mac(device));
    io.bmp.core.domain.Message told = messageAbout(instance.id());
    assertThat(told.title()).isEqualTo("Install of " + instance.name() + " succeeded");
    assertThat(told.subType()).isEqualTo("install");
    assertThat(told.resourceType()).isEqualTo("instance");
    assertThat(told.read()).isFalse();
  }

  /**
   * RAID levels go to the agent by name (the catalog's id r-raid1 is RAID1), each volume's array
   * over its own disks: the system volume's 2 first, the data volume's 4 next.
   */
  @Test
  void eachVolumesRaidIsBuiltOverItsOwnDisksByLevelName() throws Exception {
    Device device = readyDevice(6);
    Instance instance = installOn(device, image, "Str0ng-Passw0rd!", "r-raid1", "r-raid51h");

    Task task = waitForEnd(startInstall(instance, new JsonObject().put("systemDisks", 2).put("dataDisks", 4)));

    assertThat(task.state()).as("%s", task).isEqualTo(TaskState.SUCCEEDED);
    TaskStep raid = task.steps().stream().filter(s -> s.kind().equals("agent.raid")).findFirst().orElseThrow();
    JsonObject built = new JsonObject(raid.result());
    assertThat(built.getString("level")).isEqualTo("raid1");
    assertThat(built.getInteger("members")).isEqualTo(2);
    assertThat(built.getString("dataLevel")).isEqualTo("raid51h");
    assertThat(built.getInteger("dataMembers")).isEqualTo(4);

    Instance noRaid = installOn(readyDevice(), image, "Str0ng-Passw0rd!", "r-noraid", null);
    Task plain = waitForEnd(startInstall(noRaid));
    assertThat(plain.state()).as("%s", plain).isEqualTo(TaskState.SUCCEEDED);
    assertThat(plain.steps()).extracting(TaskStep::kind).as("NORAID builds nothing").doesNotContain("agent.raid");
  }

  @Test
  void aBmcThatNeverAnswersIsRetriedThenFailsTheTaskWithTheBmcError() {
    Device device = readyDevice();
    room.bmcTimesOut.add(device.id());
    Instance instance = installOn(device, image, null);

    Task task = waitForEnd(startInstall(instance));

    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(task.errorCode()).isEqualTo("BMC_TIMEOUT");
    TaskStep cycle = step(task, "driver.power-cycle");
    assertThat(cycle.attempts()).isEqualTo(3);
    assertThat(calls(device, "power cycle")).isEqualTo(3);
    Instance after = new InstanceRepository(db).get(instance.id()).await();
    assertThat(after.status()).isEqualTo(InstanceStatus.ERROR);
    assertThat(after.statusReason()).startsWith("install: BMC_TIMEOUT");
  }

  @Test
  void aNodeThatNeverBootsTheLiveOsFailsWithAnAgentTimeoutAfterASecondBoot() {
    Device device = readyDevice();
    room.pxeFails.add(device.id());
    Task task = waitForEnd(startInstall(installOn(device, image, null)));
    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(task.errorCode()).isEqualTo("AGENT_TIMEOUT");
    assertThat(task.errorMessage()).contains("did not check in");
    TaskStep checkin = step(task, "agent.checkin");
    assertThat(checkin.attempts()).isEqualTo(2);
    assertThat(calls(device, "power cycle"))
        .as("the second attempt booted the machine again").isEqualTo(2);
  }

  @Test
  void aNetworkBootThatNeverReachesTheLiveOsIsTriedAgainAndTheInstallGoesOn() {
    Device device = readyDevice();
    room.pxeFailsOnce.add(device.id());
    Instance instance = installOn(device, image, null);

    Task task = waitForEnd(startInstall(instance));

    assertThat(task.state()).as("%s", task).isEqualTo(TaskState.SUCCEEDED);
    TaskStep checkin = step(task, "agent.checkin");
    assertThat(checkin.attempts()).isEqualTo(2);
    assertThat(calls(device, "reserve")).isEqualTo(2);
    assertThat(calls(device, "boot pxe")).isEqualTo(2);
    assertThat(calls(device, "power cycle"))
        .as("into the LiveOS twice, then into the installed system").isEqualTo(3);
    assertThat(new InstanceRepository(db).get(instance.id()).await().status()).isEqualTo(InstanceStatus.RUNNING);
  }

  @Test
  void anAgentThatFallsSilentMidImageIsLostThenItsLiveOsIsBootedAgainAndTheStepRetried() throws Exception {
    Device device = readyDevice();
    SimulatedHost host = room.hosts.get(device.id());
    host.throttle(1 << 20); // the 3 MiB image takes 3 s: time to pull the plug in the middle
    Instance instance = installOn(device, image, null);
    String taskId = startInstall(instance);
    TaskRepository tasks = new TaskRepository(db);
    for (int i = 0; i < 300 && imageWritten(tasks.get(taskId).await()) == null; i++) {
      Thread.sleep(50); // the steps are planned when the scheduler takes the task
    }
    assertThat(imageWritten(tasks.get(taskId).await())).as("the image is being written").isNotNull();
    io.bmp.agent.Agent hung = room.agents.get(device.id());
    hung.stop(); // the machine hangs: nothing more is heard from its agent, not even the write's result
    host.throttle(0);

    Task task = waitForEnd(taskId);

    assertThat(task.state()).as("%s", task).isEqualTo(TaskState.SUCCEEDED);
    TaskStep write = writeStep(task);
    assertThat(write.attempts()).as("the write retried once, after the LiveOS booted again").isEqualTo(2);
    assertThat(calls(device, "power cycle"))
        .as("into the LiveOS, into it again, into the installed system").isEqualTo(3);
    assertThat(calls(device, "reserve")).isEqualTo(2);
    assertThat(room.agents.get(device.id())).as("a new agent ran the retry").isNotSameAs(hung);
    assertThat(new InstanceRepository(db).get(instance.id()).await().status()).isEqualTo(InstanceStatus.RUNNING);
    byte[] onDisk = new byte[IMAGE_BYTES];
    try (FileChannel disk = FileChannel.open(host.disk(0), StandardOpenOption.READ)) {
      disk.read(ByteBuffer.wrap(onDisk), 0);
    }
    assertThat(onDisk).isEqualTo(imageBytes);
  }

  private static TaskStep step(Task task, String kind) {
    return task.steps().stream().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow();
  }

  private static TaskStep writeStep(Task task) {
    return step(task, "agent.write-image");
  }

  /** How often the fake room was asked {@code what} for {@code device} ("power cycle", "reserve", "boot pxe"). */
  private long calls(Device device, String what) {
    return room.calls.stream().filter(c -> c.equals(device.id() + " " + what)).count();
  }

  /** The bytes the image step has written so far; null before it starts (or before the steps are planned). */
  private static Long imageWritten(Task task) {
    return task.steps().stream().filter(s -> s.kind().equals("agent.write-image")).findFirst()
        .map(TaskStep::progressDone).orElse(null);
  }

  @Test
  void anImageWhoseChecksumDoesNotMatchFailsNamingTheImage() {
    Device device = readyDevice();
    Task task = waitForEnd(startInstall(installOn(device, badImage, null)));
    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(task.errorCode()).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(task.errorMessage()).contains("demo-corrupt");
    io.bmp.core.domain.Message told = messageAbout(task.instanceId());
    assertThat(told.title()).startsWith("Install of vm-").endsWith(" failed");
    assertThat(told.content()).startsWith("CHECKSUM_MISMATCH: ").contains("demo-corrupt");
  }

  /** The in-site message the task's requester got about {@code resourceId} (written just after the task ends). */
  private io.bmp.core.domain.Message messageAbout(String resourceId) {
    var messages = new io.bmp.core.repo.MessageRepository(db);
    for (int i = 0; i < 100; i++) {
      var found = messages.page(userId, null, "operation", new io.bmp.core.storage.PageRequest(1, 100)).await().items()
          .stream().filter(m -> resourceId.equals(m.resourceId())).toList();
      if (!found.isEmpty()) {
        assertThat(found).as("one message per task").hasSize(1);
        return found.get(0);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no message about " + resourceId);
  }

  @Test
  void anInstalledSystemThatNeverCallsBackIsABootNotConfirmed() {
    Device device = readyDevice();
    room.guestSilent.add(device.id());
    Task task = waitForEnd(startInstall(installOn(device, image, null)));
    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(task.errorCode()).isEqualTo("BOOT_NOT_CONFIRMED");
    assertThat(task.errorMessage()).contains("boot not confirmed");
    assertThat(task.steps().get(task.steps().size() - 1).kind()).isEqualTo("guest.checkin");
  }

  @Test
  void aBootTokenWorksOnceAndAReportForAnotherDeviceOrAStaleCommandIsRefusedAndAudited() throws Exception {
    Device mine = readyDevice();
    Device other = readyDevice();
    String token = new AgentTokenRepository(db).issue(AgentTokenRepository.LIVEOS, mine.id(), null, null,
        java.time.Duration.ofMinutes(5)).await();
    WebClient client = WebClient.create(vertx);
    String base = "http://127.0.0.1:" + apiPort + "/agent/v1";
    try {
      var first = client.postAbs(base + "/checkin").bearerTokenAuthentication(token).sendJsonObject(new JsonObject()).await();
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.bodyAsJsonObject().getString("device")).isEqualTo(mine.id());
      String session = first.bodyAsJsonObject().getString("session");

      var replay = client.postAbs(base + "/checkin").bearerTokenAuthentication(token).sendJsonObject(new JsonObject()).await();
      assertThat(replay.statusCode()).as("a boot token admits one check-in").isEqualTo(401);

      var forged = client.postAbs(base + "/reports").bearerTokenAuthentication(session)
          .sendJsonObject(Report.succeeded(other.id(), "step-x.1", new JsonObject()).toJson()).await();
      assertThat(forged.statusCode()).isEqualTo(403);

      var stale = client.postAbs(base + "/reports").bearerTokenAuthentication(session)
          .sendJsonObject(Report.succeeded(mine.id(), "step-nobody-waits-for.1", new JsonObject()).toJson()).await();
      assertThat(stale.statusCode()).as("the gateway passes it on; the scheduler refuses it").isEqualTo(202);

      AuditLogRepository audit = new AuditLogRepository(db);
      assertThat(audit.page(new AuditLogRepository.Filter(null, null, "agentCheckin", null, "refused", null, null),
          new PageRequest(1, 10)).await().items()).isNotEmpty();
      // On RabbitMQ the stale report reaches the scheduler through the results queue, after the 202: poll the record.
      List<String> refusals = LabTest.waitFor("the stale report's audit entry",
          () -> audit.page(new AuditLogRepository.Filter(null, null, "agentReport", mine.id(), "refused", null, null),
              new PageRequest(1, 10)).await().items().stream().map(e -> e.errorCode()).toList(),
          codes -> codes.contains("STALE_REPORT"));
      assertThat(refusals).contains("PERMISSION_DENIED", "STALE_REPORT");
    } finally {
      client.close();
    }
  }

  private Device readyDevice() {
    return readyDevice(1);
  }

  private Device readyDevice(int disks) {
    int n = NEXT.getAndIncrement();
    String mac = String.format("52:54:00:aa:%02x:%02x", n / 256, n % 256);
    Device imported = Device.imported(Ids.next("d"), "LAB" + n + "X" + Ids.next("s").substring(2, 8), ROOM, type.id(),
        "10.99." + (n / 250) + "." + (n % 250 + 1), null, null, List.of(new NetworkInterface("eth0", mac, "pxe", 0, null, null)));
    Device withIp = new Device(imported.id(), imported.sn(), ROOM, type.id(), DeviceState.IN_STOCK, null, "unknown", null, null, null,
        "fake",
        imported.bmcAddress(), 623, null, null, "10.100.0." + (n % 250 + 1), "255.255.255.0", "10.100.0.254", null, null, null,
        imported.interfaces(), null, null, 0);
    DeviceRepository devices = new DeviceRepository(db);
    Device created = devices.create(withIp).await();
    devices.settle(created.id(), DeviceState.IN_STOCK, DeviceState.READY, null).await();
    try {
      room.add(created.id(), mac, new SimulatedHost(dataDir.resolve("hosts").resolve(created.id()),
          new SimulatedHost.Spec(created.sn(), List.of(mac), disks, 64L << 20)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return devices.get(created.id()).await();
  }

  private static String mac(Device device) {
    return device.interfaces().get(0).mac();
  }

  private Instance installOn(Device device, Image image, String password) {
    return installOn(device, image, password, null, null);
  }

  private Instance installOn(Device device, Image image, String password, String systemRaidId, String dataRaidId) {
    SecretBox secrets = NodeResources.of(vertx).secrets("test");
    Instance instance = new Instance(Ids.next("ins"), projectId, userId, ROOM, device.id(), type.id(), image.id(),
        "vm-" + device.sn().toLowerCase(), "host-" + device.sn().toLowerCase(), InstanceStatus.CREATING, null, false, "uefi",
        systemRaidId, dataRaidId, null, password == null ? null : secrets.encrypt(password), null, List.<Partition>of(),
        List.of(), null, null, 0);
    db.inTransaction(tx -> tx.preparedQuery("UPDATE devices SET state = 'in_use', instance_id = ? WHERE id = ?")
            .execute(io.vertx.sqlclient.Tuple.of(instance.id(), device.id()))
            .compose(v -> new InstanceRepository(db).insert(tx, List.of(instance))))
        .await();
    return instance;
  }

  private String startInstall(Instance instance) {
    return startInstall(instance, null);
  }

  private String startInstall(Instance instance, JsonObject params) {
    TaskRepository tasks = new TaskRepository(db);
    Task created = tasks.create(new Task(Ids.next("task"), "install", instance.deviceId(), instance.id(), TaskState.PENDING,
        0, userId, params == null ? null : params.encode(), null, null, null, null, null, 0, List.of())).await();
    vertx.eventBus().publish(SchedulerContract.TASK_SUBMITTED, new JsonObject().put("taskId", created.id()));
    return created.id();
  }

  /** Waits (by polling the record, never by a fixed pause) for the task to end; the suite's own timeout bounds it. */
  private Task waitForEnd(String taskId) {
    TaskRepository tasks = new TaskRepository(db);
    for (int i = 0; i < 600; i++) {
      Task task = tasks.get(taskId).await();
      if (!task.state().active()) {
        return task;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("task " + taskId + " did not end: " + tasks.get(taskId).await());
  }
}
