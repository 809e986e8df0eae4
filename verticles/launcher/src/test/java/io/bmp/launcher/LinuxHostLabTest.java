package io.bmp.launcher;

import static io.bmp.launcher.LabTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bmp.agent.host.linux.LinuxHost;
import io.bmp.core.testing.Files;
import io.bmp.launcher.lab.LabSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One lab machine whose disk is a real block device (a loop device over a sparse file) and whose
 * agent drives it with the Linux host, as in a LiveOS: sgdisk, mkfs, mount, tar. Through the REST
 * API the tenant installs the demo root filesystem image; the installed system is then read back by
 * mounting the partitions the install made, and the machine's "installed OS" confirms its boot with
 * the guest settings it finds on that disk. Needs root, as the LiveOS agent does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxHostLabTest {

  Path dataDir;
  Node node;
  LabSetup setup;
  ApiSession api;
  String loop;

  @BeforeAll
  void start() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices and mounts");
    dataDir = java.nio.file.Files.createTempDirectory("bmp-linux-lab-");
    Path backing = dataDir.resolve("disk0.img");
    try (RandomAccessFile disk = new RandomAccessFile(backing.toFile(), "rw")) {
      disk.setLength(4L << 30); // sparse: only what mkfs and the image write takes room
    }
    loop = sh("losetup", "-f", "--show", "-P", backing.toString()).trim();
    LabConf conf = new LabConf(new JsonObject()
        .put("agent.checkin", new JsonObject().put("timeoutMillis", 30_000))
        .put("guest.checkin", new JsonObject().put("timeoutMillis", 30_000)));
    node = Node.start(conf.descriptor(dataDir)).await();
    setup = LabRunner.start(node, 1, false, 4, conf.bmcPort, 0,
        (id, dir) -> new LinuxHost(LinuxHost.Settings.of(List.of(loop), dir.resolve("work")))).await();
    api = new ApiSession(node.vertx(), conf.apiBase()).login("admin", LabConf.ADMIN_PASSWORD);
    waitFor("the machine on the shelf", () -> api.items("/v1/devices?roomId=lab"),
        devices -> devices.size() == 1 && "ready".equals(devices.getJsonObject(0).getString("state")));
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (node != null) {
      node.stop().await();
    }
    if (loop != null) {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/mounts"))) {
        if (line.startsWith(loop)) {
          sh("umount", "-l", line.split(" ")[1]);
        }
      }
      sh("losetup", "-d", loop);
    }
    if (dataDir != null) {
      Files.deleteTree(dataDir);
    }
  }

  @Test
  void aRootFileSystemImageIsInstalledOnTheBlockDeviceAndTheInstalledSystemConfirmsItsBoot() throws Exception {
    String typeId = api.items("/v1/device-types?roomId=lab").getJsonObject(0).getString("id");
    JsonObject image = api.items("/v1/images").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("name").equals("bmp-demo-rootfs")).findFirst().orElseThrow();
    JsonObject created = api.post("/v1/instances", new JsonObject().put("roomId", "lab").put("deviceTypeId", typeId)
        .put("imageId", image.getString("id")).put("bootMode", "uefi").put("name", "real").put("hostname", "real-1")
        .put("count", 1).put("password", "Str0ng-Passw0rd!"), 202).getJsonArray("items").getJsonObject(0);

    JsonObject instance = waitFor("the instance to settle", () -> api.get("/v1/instances/" + created.getString("id")),
        i -> List.of("running", "error").contains(i.getString("status")));
    JsonObject task = api.items("/v1/tasks?instanceId=" + instance.getString("id")).getJsonObject(0);
    assertThat(instance.getString("status")).as("%s", task).isEqualTo("running");
    JsonArray steps = task.getJsonArray("steps");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getString("kind")).toList())
        .contains("agent.partition", "agent.format", "agent.write-image", "agent.cloud-init", "guest.checkin");

    // The layout of the type's template: EFI, /boot (512 MiB), / (the rest), each with its filesystem.
    assertThat(blkid(loop + "p1")).isEqualTo("vfat");
    assertThat(blkid(loop + "p2")).isEqualTo("ext4");
    assertThat(blkid(loop + "p3")).isEqualTo("ext4");
    Path root = java.nio.file.Files.createDirectories(dataDir.resolve("check-root"));
    Path boot = java.nio.file.Files.createDirectories(dataDir.resolve("check-boot"));
    sh("mount", loop + "p3", root.toString());
    sh("mount", loop + "p2", boot.toString());
    try {
      assertThat(root.resolve("etc/os-release")).content().contains("BMP Demo Linux");
      assertThat(boot.resolve("vmlinuz")).as("the image's /boot went into the /boot partition").exists();
      assertThat(root.resolve("boot/vmlinuz")).doesNotExist();
      assertThat(java.nio.file.Files.readString(root.resolve("etc/shadow"))).startsWith("root:$6$");
      assertThat(root.resolve("etc/hostname")).content().isEqualTo("real-1\n");
      assertThat(root.resolve("etc/fstab")).content().contains("UUID=" + sh("blkid", "-o", "value", "-s", "UUID",
          loop + "p3").trim() + " / ext4");
      assertThat(root.resolve("var/lib/cloud/seed/nocloud/meta-data")).content().contains("local-hostname: real-1");
      assertThat(new JsonObject(java.nio.file.Files.readString(root.resolve("etc/bmp/guest.json"))).getString("token"))
          .isNotBlank();
    } finally {
      sh("umount", boot.toString());
      sh("umount", root.toString());
    }

    api.delete("/v1/instances/" + instance.getString("id"), 202);
    waitFor("the machine back on the shelf", () -> api.get("/v1/devices/" + instance.getString("deviceId")),
        d -> d.getString("state").equals("ready") && d.getString("instanceId") == null);
    assertThat(run("cmp", "-s", "-n", String.valueOf(4L << 30), loop, "/dev/zero")).as("the whole disk reads as zeros")
        .isZero();
  }

  private static String blkid(String device) throws Exception {
    return sh("blkid", "-p", "-o", "value", "-s", "TYPE", device).trim();
  }

  private static String sh(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
