package io.bmp.agent.host.linux;

import static io.bmp.agent.host.linux.LoopDisks.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bmp.agent.host.ImageException;
import io.bmp.agent.host.ImageSource;
import io.bmp.agent.host.RaidLevel;
import io.bmp.agent.host.Volumes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux host on real block devices: sparse files attached as loop devices, laid out by sgdisk,
 * formatted by mkfs, written by the agent, and read back with the same tools an operator would use
 * (sfdisk, blkid, mount). Needs root, as the LiveOS agent does.
 */
class LinuxHostTest {

  private static final long GIB = 1L << 30;

  @TempDir Path dir;
  Vertx vertx;
  HttpServer server;
  final Map<String, byte[]> served = new ConcurrentHashMap<>();
  LoopDisks loops;
  String disk0;
  String disk1;
  LinuxHost host;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(LoopDisks.available(), "needs root and loop devices");
    loops = new LoopDisks();
    disk0 = loops.attach(dir.resolve("disk0.img"), 2 * GIB);
    disk1 = loops.attach(dir.resolve("disk1.img"), 256L << 20);
    host = new LinuxHost(LinuxHost.Settings.of(List.of(disk0, disk1), dir.resolve("work")));
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(r -> {
      byte[] body = served.get(r.path());
      if (r.path().startsWith("/cut/") && body != null) {
        // Announces the whole image, sends half of it, and drops the connection.
        r.response().putHeader("Content-Length", String.valueOf(body.length))
            .write(Buffer.buffer(java.util.Arrays.copyOf(body, body.length / 2)))
            .onComplete(v -> r.connection().close());
      } else if (body == null) {
        r.response().setStatusCode(404).end();
      } else {
        r.response().end(Buffer.buffer(body));
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (loops != null) {
      loops.close();
    }
  }

  @Test
  void theInventoryHasTheGivenDisksAndTheMachinesMemoryAndCpus() throws Exception {
    JsonObject inventory = host.inventory();
    JsonArray disks = inventory.getJsonArray("disks");
    assertThat(disks).hasSize(2);
    assertThat(disks.getJsonObject(0).getString("path")).isEqualTo(disk0);
    assertThat(disks.getJsonObject(0).getLong("sizeBytes")).isEqualTo(2 * GIB);
    assertThat(disks.getJsonObject(1).getLong("sizeBytes")).isEqualTo(256L << 20);
    long freeMb = Long.parseLong(sh("sh", "-c", "free -m | awk '/^Mem:/ {print $2}'").trim());
    assertThat(inventory.getLong("memoryMb")).isBetween(freeMb - 1, freeMb + 1);
    assertThat(inventory.getJsonObject("cpu").getInteger("threads"))
        .isEqualTo(Integer.parseInt(sh("nproc", "--all").trim()));
    assertThat(inventory.getString("architecture")).isEqualTo(sh("uname", "-m").trim());
  }

  @Test
  void aTarImageIsUnpackedIntoTheLayoutItMadeWithOwnersModesLinksAndAnFstabByUuid() throws Exception {
    JsonArray layout = new JsonArray()
        .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 400).put("label", "root"))
        .add(new JsonObject().put("fsType", "swap").put("sizeMb", 64))
        .add(new JsonObject().put("mountPoint", "/data").put("fsType", "xfs").put("sizeMb", 0).put("label", "data"));
    JsonObject parts = host.partition("uefi", false, layout, Volumes.UNKNOWN);
    assertThat(parts.getJsonArray("partitions")).hasSize(4);

    JsonObject table = new JsonObject(sh("sfdisk", "--json", disk0)).getJsonObject("partitiontable");
    assertThat(table.getString("label")).isEqualTo("gpt");
    JsonArray written = table.getJsonArray("partitions");
    assertThat(written.getJsonObject(0).getString("type")).isEqualToIgnoringCase("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    assertThat(written.getJsonObject(0).getLong("size")).isEqualTo(512L * 2048);
    assertThat(written.getJsonObject(1).getString("name")).isEqualTo("root");
    assertThat(written.getJsonObject(1).getLong("size")).isEqualTo(400L * 2048);
    assertThat(written.getJsonObject(2).getString("type")).isEqualToIgnoringCase("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");

    assertThat(host.format(layout).getInteger("formatted")).isEqualTo(4);
    assertThat(blkid(disk0 + "p1", "TYPE")).isEqualTo("vfat");
    assertThat(blkid(disk0 + "p2", "TYPE")).isEqualTo("ext4");
    assertThat(blkid(disk0 + "p2", "LABEL")).isEqualTo("root");
    assertThat(blkid(disk0 + "p3", "TYPE")).isEqualTo("swap");
    assertThat(blkid(disk0 + "p4", "TYPE")).isEqualTo("xfs");

    byte[] image = rootfsTarGz();
    JsonObject result = host.writeImage(image("rootfs.tar.gz", "tar.gz", image), (d, t) -> { });
    assertThat(result.getLong("bytesRead")).isEqualTo(image.length);
    assertThat(result.getString("bootLoader")).startsWith("none");
    assertNothingMountedUnder(dir);

    host.setPassword("root", "$6$salt$newhash");
    host.cloudInit(new JsonObject().put("instanceId", "i-1").put("hostname", "web-1")
        .put("sshKeys", new JsonArray().add("ssh-ed25519 AAAA test"))
        .put("network", new JsonObject().put("mac", "52:54:00:00:00:01").put("address", "10.0.0.5").put("mask", "255.255.255.0"))
        .put("guest", new JsonObject().put("endpoint", "http://central:8080").put("token", "guest-token")));
    assertThat(host.guestSettings().getString("token")).isEqualTo("guest-token");
    assertNothingMountedUnder(dir);

    Path check = Files.createDirectories(dir.resolve("check"));
    sh("mount", disk0 + "p2", check.toString());
    try {
      assertThat(Files.readString(check.resolve("etc/os-release"))).contains("ID=bmp-test");
      assertThat(Files.readSymbolicLink(check.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
      Path tool = check.resolve("usr/bin/tool");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool))).isEqualTo("rwxr-x---");
      assertThat(Files.getAttribute(tool, "unix:uid")).isEqualTo(1234);
      String fstab = Files.readString(check.resolve("etc/fstab"));
      assertThat(fstab).contains("UUID=" + blkid(disk0 + "p2", "UUID") + " / ext4 defaults 0 1")
          .contains("UUID=" + blkid(disk0 + "p1", "UUID") + " /boot/efi vfat umask=0077 0 2")
          .contains("UUID=" + blkid(disk0 + "p3", "UUID") + " none swap sw 0 0")
          .contains("UUID=" + blkid(disk0 + "p4", "UUID") + " /data xfs defaults 0 2");
      assertThat(Files.readAllLines(check.resolve("etc/shadow"))).anyMatch(l -> l.startsWith("root:$6$salt$newhash:"))
          .anyMatch(l -> l.startsWith("daemon:*:"));
      Path seed = check.resolve("var/lib/cloud/seed/nocloud");
      assertThat(Files.readString(seed.resolve("meta-data"))).contains("instance-id: i-1").contains("ssh-ed25519 AAAA test");
      assertThat(Files.readString(seed.resolve("network-config"))).contains("10.0.0.5/24");
      assertThat(Files.readString(check.resolve("etc/hostname"))).isEqualTo("web-1\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(check.resolve("etc/bmp/guest.json"))))
          .isEqualTo("rw-------");
    } finally {
      sh("umount", check.toString());
    }
  }

  @Test
  void theDataVolumeGetsItsOwnTableAndAKeepDataReinstallFindsItsFilesystemUntouched() throws Exception {
    JsonArray layout = new JsonArray()
        .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0))
        .add(new JsonObject().put("mountPoint", "/data0").put("fsType", "ext4").put("sizeMb", 0).put("volume", "data"));
    Volumes volumes = new Volumes(1, 1);
    host.partition("bios", false, layout, volumes);
    JsonArray dataTable = new JsonObject(sh("sfdisk", "--json", disk1)).getJsonObject("partitiontable").getJsonArray("partitions");
    assertThat(dataTable).as("the data disk's own table: one partition").hasSize(1);
    assertThat(new JsonObject(sh("sfdisk", "--json", disk0)).getJsonObject("partitiontable").getJsonArray("partitions"))
        .as("bios-boot and / on the system disk").hasSize(2);
    assertThat(host.format(layout).getInteger("formatted")).isEqualTo(2);
    assertThat(blkid(disk1 + "p1", "TYPE")).isEqualTo("ext4");
    String dataUuid = blkid(disk1 + "p1", "UUID");
    host.writeImage(image("rootfs.tar.gz", "tar.gz", rootfsTarGz()), (d, t) -> { });
    assertNothingMountedUnder(dir);
    assertThat(fstab()).contains("UUID=" + dataUuid + " /data0 ext4 defaults,nofail 0 2");

    Path check = Files.createDirectories(dir.resolve("data"));
    sh("mount", disk1 + "p1", check.toString());
    try {
      Files.writeString(check.resolve("tenant-data"), "kept across the reinstall");
    } finally {
      sh("umount", check.toString());
    }

    // A keep-data reinstall: the system disk is laid out and written again, the data volume is only found.
    host.partition("bios", true, layout, volumes);
    assertThat(host.format(layout).getInteger("formatted")).as("the kept filesystem is not formatted").isEqualTo(1);
    host.writeImage(image("rootfs.tar.gz", "tar.gz", rootfsTarGz()), (d, t) -> { });
    assertThat(blkid(disk1 + "p1", "UUID")).isEqualTo(dataUuid);
    assertThat(fstab()).contains("UUID=" + dataUuid + " /data0 ext4 defaults,nofail 0 2");
    sh("mount", disk1 + "p1", check.toString());
    try {
      assertThat(Files.readString(check.resolve("tenant-data"))).isEqualTo("kept across the reinstall");
    } finally {
      sh("umount", check.toString());
    }

    // Nothing to keep: refused before anything is written to the data disk.
    sh("sgdisk", "--zap-all", disk1);
    assertThatThrownBy(() -> host.partition("bios", true, layout, volumes))
        .isInstanceOf(ImageException.class).hasMessageContaining("no filesystem on its partition 1");
  }

  private String fstab() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    sh("mount", disk0 + "p2", root.toString());
    try {
      return Files.readString(root.resolve("etc/fstab"));
    } finally {
      sh("umount", root.toString());
    }
  }

  /**
   * Under systemd the LiveOS's mounts are shared, and services in mount namespaces of their own
   * (slaves) get a copy of each mount made there. A copy of the installed system that held the
   * boot loader installer's /dev and /sys outlived the step's unmount, so the filesystem stayed
   * mounted there and its last writes (GRUB's config, the seed) never reached the disk before the
   * machine was power-cycled into it (found by LiveOsIT on a QEMU machine).
   */
  @Test
  void aStepsMountsDoNotOutliveItInAServicesMountNamespace() throws Exception {
    JsonArray layout = new JsonArray().add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0));
    host.partition("bios", false, layout, Volumes.UNKNOWN);
    host.format(layout);
    Path work = Files.createDirectories(dir.resolve("shared"));
    sh("mount", "--bind", work.toString(), work.toString());
    sh("mount", "--make-shared", work.toString());
    Process service = new ProcessBuilder("unshare", "--mount", "--propagation", "slave", "sleep", "600").start();
    try {
      Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
      Path theirs = Path.of("/proc/" + service.pid() + "/ns/mnt");
      for (int i = 0; i < 100 && Files.readSymbolicLink(theirs).equals(ours); i++) {
        Thread.sleep(50); // until unshare has entered its namespace
      }
      assertThat(Files.readSymbolicLink(theirs)).as("the service's own mount namespace").isNotEqualTo(ours);
      Layout root = new Layout(disk0, "bios", List.of(new Layout.Part(2, disk0 + "p2", Layout.DATA, "/", "ext4", null)));
      try (Target target = Target.mount(work.resolve("target"), root)) {
        target.bindSystem(); // what the boot loader step does
        Files.writeString(target.root().resolve("written-last"), "on the disk");
      }
      assertThat(Files.readString(Path.of("/proc/" + service.pid() + "/mountinfo")))
          .as("the installed system is mounted nowhere once the step is over").doesNotContain(disk0 + "p2");
      assertThat(Files.readAllLines(Path.of("/proc/self/mounts"))).noneMatch(l -> l.startsWith(disk0 + "p2 "));
      Path check = Files.createDirectories(dir.resolve("check"));
      sh("mount", disk0 + "p2", check.toString());
      try {
        assertThat(Files.readString(check.resolve("written-last"))).isEqualTo("on the disk");
      } finally {
        sh("umount", check.toString());
      }
    } finally {
      service.destroyForcibly().waitFor();
      sh("umount", "-R", work.toString());
    }
  }

  @Test
  void anImageStreamThatBreaksOffFailsTheStepAndLeavesNothingMounted() throws Exception {
    JsonArray layout = new JsonArray().add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0));
    host.partition("bios", false, layout, Volumes.UNKNOWN);
    host.format(layout);
    byte[] image = bigRootfsTar();
    served.put("/cut/rootfs.tar", image);

    assertThatThrownBy(() -> host.writeImage(new ImageSource("cut", url("cut/rootfs.tar"), "tar", sha256(image),
        (long) image.length), (d, t) -> { })).isInstanceOf(java.io.IOException.class);
    assertNothingMountedUnder(dir);
  }

  @Test
  void aCompressedWholeDiskImageIsStreamedToTheDiskAndItsRootIsFoundForTheSeed() throws Exception {
    byte[] raw = wholeDiskImage();
    byte[] zst = com.github.luben.zstd.Zstd.compress(raw);
    host.writeImage(image("disk.raw.zst", "raw.zst", zst), (d, t) -> { });

    byte[] head = new byte[raw.length];
    try (var in = Files.newInputStream(Path.of(disk0))) {
      in.readNBytes(head, 0, head.length);
    }
    assertThat(head).isEqualTo(raw);
    assertThat(Path.of(disk0 + "p1")).as("the kernel sees the image's partition").exists();

    host.setPassword("root", "$6$other$hash");
    host.cloudInit(new JsonObject().put("instanceId", "i-2").put("hostname", "db-1")
        .put("guest", new JsonObject().put("endpoint", "http://central:8080").put("token", "t2")));
    Path check = Files.createDirectories(dir.resolve("check"));
    sh("mount", disk0 + "p1", check.toString());
    try {
      assertThat(Files.readAllLines(check.resolve("etc/shadow"))).anyMatch(l -> l.startsWith("root:$6$other$hash:"));
      assertThat(check.resolve("var/lib/cloud/seed/nocloud/meta-data")).content().contains("local-hostname: db-1");
    } finally {
      sh("umount", check.toString());
    }

    assertThatThrownBy(() -> host.writeImage(new ImageSource("bad-disk", url("disk.raw.zst"), "raw.zst", "0".repeat(64), null),
        (d, t) -> { }))
        .isInstanceOf(ImageException.class).hasMessageContaining("bad-disk")
        .satisfies(e -> assertThat(((ImageException) e).code()).isEqualTo("CHECKSUM_MISMATCH"));
  }

  @Test
  void cleanRemovesEveryTableAndSignatureAndWipeLeavesOnlyZeros() throws Exception {
    JsonArray layout = new JsonArray().add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0));
    host.partition("bios", false, layout, Volumes.UNKNOWN);
    host.format(layout);
    assertThat(blkid(disk0 + "p2", "TYPE")).isEqualTo("ext4");
    sh("sgdisk", "-o", disk1); // a table on the data disk too

    host.clean(true);
    assertThat(LoopDisks.run("blkid", "-p", disk0)).as("no signature left on " + disk0).isNotZero();
    assertThat(LoopDisks.run("blkid", "-p", disk1)).as("no signature left on " + disk1).isNotZero();
    assertThat(Path.of(disk0 + "p2")).doesNotExist();

    host.partition("uefi", false, layout, Volumes.UNKNOWN);
    host.format(layout);
    JsonObject wiped = host.wipe((d, t) -> { });
    assertThat(wiped.getJsonArray("erased").getJsonObject(0).getString("method")).isEqualTo("discard");
    assertThat(LoopDisks.run("cmp", "-s", "-n", String.valueOf(2 * GIB), disk0, "/dev/zero")).as("all zeros").isZero();

    LinuxHost overwriting = new LinuxHost(LinuxHost.Settings.of(List.of(disk1), dir.resolve("work1")).withDiscard(false));
    Files.write(Path.of(disk1), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
    long[] last = new long[2];
    JsonObject overwritten = overwriting.wipe((d, t) -> {
      last[0] = d;
      last[1] = t;
    });
    assertThat(overwritten.getJsonArray("erased").getJsonObject(0).getString("method")).isEqualTo("overwrite");
    assertThat(last).containsExactly(256L << 20, 256L << 20);
    assertThat(LoopDisks.run("cmp", "-s", "-n", String.valueOf(256L << 20), disk1, "/dev/zero")).as("all zeros").isZero();
  }

  @Test
  void theRaidCommandKeepsRaid1MetadataWhereFirmwareCanReadTheEfiPartition() throws Exception {
    List<String> disks = List.of("sda", "sdb", "sdc", "sdd", "sde", "sdf");
    // The type's volume sizes unknown: the system volume takes the first disks its level needs.
    List<String> system = Volumes.UNKNOWN.system(disks, "RAID1");
    assertThat(Raid.createCommand(Raid.SYSTEM_VOLUME, RaidLevel.over("RAID1", system.size(), "system"), system))
        .containsExactly("mdadm", "--create", "/dev/md/bmp-system", "--run", "--homehost=any", "--level=1",
            "--raid-devices=2", "--metadata=1.0", "/dev/sda", "/dev/sdb");
    // Known: 2 system disks, then a 4-disk data volume at RAID 5 over all four.
    Volumes volumes = new Volumes(2, 4);
    List<String> data = volumes.data(disks, "raid1");
    assertThat(Raid.createCommand(Raid.DATA_VOLUME, RaidLevel.over("raid5", data.size(), "data"), data))
        .containsExactly("mdadm", "--create", "/dev/md/bmp-data", "--run", "--homehost=any", "--level=5",
            "--raid-devices=4", "--metadata=1.2", "/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf");
    assertThat(Raid.createCommand(Raid.DATA_VOLUME, RaidLevel.over("RAID51H", data.size(), "data"), data))
        .as("RAID 5 with a hot spare").contains("--level=5", "--raid-devices=3", "--spare-devices=1");
    assertThat(new Volumes(1, 0).data(disks, null)).as("data size unknown: every disk after the system's")
        .containsExactly("sdb", "sdc", "sdd", "sde", "sdf");
    assertThatThrownBy(() -> RaidLevel.over("raid5", 2, "data")).hasMessageContaining("raid5 needs 3 disks; the data volume has 2");
    assertThatThrownBy(() -> new Volumes(2, 5).data(disks, null)).hasMessageContaining("this machine has 6");
    assertThatThrownBy(() -> host.raid("raid6", null, Volumes.UNKNOWN, false)).hasMessageContaining("unknown RAID level");
  }

  private ImageSource image(String name, String format, byte[] bytes) throws Exception {
    served.put("/" + name, bytes);
    return new ImageSource(name, url(name), format, sha256(bytes), (long) bytes.length);
  }

  private String url(String name) {
    return "http://127.0.0.1:" + server.actualPort() + "/" + name;
  }

  private static String blkid(String device, String tag) throws Exception {
    return sh("blkid", "-p", "-o", "value", "-s", tag, device).trim();
  }

  private static void assertNothingMountedUnder(Path dir) throws Exception {
    String root = dir.toRealPath().toString();
    assertThat(Files.readAllLines(Path.of("/proc/self/mounts"))).noneMatch(l -> l.split(" ")[1].startsWith(root));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A small root filesystem: os-release, shadow, a private tool owned by uid 1234, and bin → usr/bin. */
  private static byte[] rootfsTarGz() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      directory(tar, "etc/");
      directory(tar, "usr/");
      directory(tar, "usr/bin/");
      file(tar, "etc/os-release", "ID=bmp-test\nNAME=\"BMP test\"\n", 0644, 0);
      file(tar, "etc/shadow", "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", 0640, 0);
      file(tar, "usr/bin/tool", "#!/bin/sh\necho tool\n", 0750, 1234);
      TarArchiveEntry link = new TarArchiveEntry("bin", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("usr/bin");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** An uncompressed tar of 8 MiB of files, so that half of it is several files in. */
  private static byte[] bigRootfsTar() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      directory(tar, "data/");
      for (int i = 0; i < 8; i++) {
        file(tar, "data/part" + i, "x".repeat(1 << 20), 0644, 0);
      }
    }
    return bytes.toByteArray();
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws Exception {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, String content, int mode, int uid) throws Exception {
    byte[] data = content.getBytes();
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0100000 | mode);
    entry.setUserId(uid);
    entry.setGroupId(uid);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** A 64 MiB disk image as a cloud image is: a GPT with one ext4 root partition made from a directory. */
  private byte[] wholeDiskImage() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree/etc"));
    Files.writeString(tree.resolve("os-release"), "ID=bmp-raw\n");
    Files.writeString(tree.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
    Path file = dir.resolve("raw.img");
    try (LoopDisks builder = new LoopDisks()) {
      String loop = builder.attach(file, 64L << 20);
      sh("sgdisk", "-n", "1:0:0", "-t", "1:8300", loop);
      sh("partx", "-u", loop);
      for (int i = 0; i < 50 && !Files.exists(Path.of(loop + "p1")); i++) {
        Thread.sleep(100);
      }
      sh("mkfs.ext4", "-q", "-F", "-d", dir.resolve("tree").toString(), loop + "p1");
    }
    return Files.readAllBytes(file);
  }
}
