package io.bmp.agent.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A machine made of files: its disks are sparse files ({@code disk0.img}…), its installed root
 * filesystem a directory ({@code rootfs/}, where a tar image is unpacked as it would be into the
 * mounted partitions), its cloud-init seed the NoCloud files ({@code seed/}). What it writes is real:
 * a GPT that sgdisk reads, the image's bytes at the start of the disk, shadow and seed files in their
 * real formats, so a test checks the install the way it would check a real disk.
 */
public final class SimulatedHost implements Host {

  /** What the machine is: serial number, NICs (MACs) and disks (count and size). */
  public record Spec(String serial, List<String> macs, int disks, long diskBytes) {}

  private static final int BUFFER = 256 << 10; // per write in flight: 200 machines writing at once hold 50 MiB of buffers
  private static final long EFI_BYTES = 256L << 20;
  private static final long BIOS_BOOT_BYTES = 1L << 20;
  private static final int EXT_MAGIC_OFFSET = 1024 + 56;

  private final Path dir;
  private final Spec spec;
  private volatile long bytesPerSecond;
  /** The system volume's RAID level of the last raid step (null: none), which decides where the data volume starts. */
  private volatile String raidLevel;

  public SimulatedHost(Path dir, Spec spec) throws IOException {
    this.dir = dir;
    this.spec = spec;
    Files.createDirectories(dir);
    for (int i = 0; i < spec.disks(); i++) {
      Path disk = disk(i);
      if (!Files.exists(disk)) {
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
          file.setLength(spec.diskBytes()); // sparse: no block is used until written
        }
      }
    }
  }

  /**
   * Limits how fast images reach the disks, as a real disk's bandwidth does (0: as fast as the
   * file system takes them). The lab uses it to make long writes long enough to watch, or to crash in.
   */
  public SimulatedHost throttle(long bytesPerSecond) {
    this.bytesPerSecond = Math.max(0, bytesPerSecond);
    return this;
  }

  public Path dir() {
    return dir;
  }

  public Path disk(int index) {
    return dir.resolve("disk" + index + ".img");
  }

  public Path rootfs() {
    return dir.resolve("rootfs");
  }

  public Path seed() {
    return dir.resolve("seed");
  }

  @Override
  public JsonObject guestSettings() throws IOException {
    Path file = rootfs().resolve(NoCloudSeed.GUEST_SETTINGS);
    return Files.exists(file) ? new JsonObject(Files.readString(file)) : null;
  }

  @Override
  public JsonObject inventory() {
    JsonArray disks = new JsonArray();
    for (int i = 0; i < spec.disks(); i++) {
      disks.add(new JsonObject().put("name", "sd" + (char) ('a' + i)).put("path", "/dev/sd" + (char) ('a' + i))
          .put("sizeBytes", spec.diskBytes()).put("type", "ssd").put("interface", "sata")
          .put("serial", spec.serial() + "-D" + i));
    }
    JsonArray nics = new JsonArray();
    for (int i = 0; i < spec.macs().size(); i++) {
      nics.add(new JsonObject().put("name", "eth" + i).put("mac", spec.macs().get(i)).put("speedMbps", 25_000)
          .put("lldp", new JsonObject().put("switchIp", "10.0.0.1").put("switchPort", "Eth1/" + (i + 1))));
    }
    return new JsonObject().put("serial", spec.serial()).put("vendor", "BMP Lab").put("model", "Simulated Node")
        .put("architecture", "x86_64").put("bootMode", "uefi")
        .put("cpu", new JsonObject().put("model", "Simulated CPU").put("sockets", 2).put("cores", 32))
        .put("memoryMb", 262_144).put("disks", disks).put("nics", nics);
  }

  @Override
  public void clean(boolean clearRaid) throws IOException {
    for (int i = 0; i < spec.disks(); i++) {
      try (FileChannel disk = FileChannel.open(disk(i), StandardOpenOption.WRITE)) {
        zero(disk, 0, Math.min(BUFFER, spec.diskBytes()));
        zero(disk, Math.max(0, spec.diskBytes() - BUFFER), Math.min(BUFFER, spec.diskBytes()));
      }
    }
    deleteTree(rootfs());
    deleteTree(seed());
  }

  @Override
  public JsonObject raid(String systemLevel, String dataLevel, Volumes volumes, boolean keepData) throws IOException {
    JsonObject result = new JsonObject();
    if (systemLevel != null) {
      List<String> members = volumes.system(diskNames(), systemLevel);
      RaidLevel raid = RaidLevel.over(systemLevel, members.size(), "system");
      result.put("device", "/dev/md0").put("level", raid.name()).put("members", raid.members());
    }
    if (dataLevel != null) {
      List<String> members = volumes.data(diskNames(), systemLevel);
      RaidLevel raid = RaidLevel.over(dataLevel, members.size(), "data");
      result.put("dataDevice", "/dev/md1").put("dataLevel", raid.name()).put("dataMembers", raid.members());
    }
    raidLevel = systemLevel;
    return result;
  }

  private static JsonArray json(List<Gpt.Entry> entries) {
    JsonArray written = new JsonArray();
    entries.forEach(e -> written.add(new JsonObject().put("number", e.number()).put("name", e.name())
        .put("offset", e.offset()).put("bytes", e.bytes())));
    return written;
  }

  /** The simulated disks as the kernel would name them. */
  private List<String> diskNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < spec.disks(); i++) {
      names.add("sd" + (char) ('a' + i));
    }
    return names;
  }

  @Override
  public JsonObject partition(String bootMode, boolean keepData, JsonArray partitions, Volumes volumes)
      throws IOException {
    List<Gpt.Request> requests = new ArrayList<>();
    requests.add("bios".equals(bootMode) ? new Gpt.Request(Gpt.BIOS_BOOT, "bios-boot", BIOS_BOOT_BYTES)
        : new Gpt.Request(Gpt.EFI_SYSTEM, "efi", EFI_BYTES));
    List<Gpt.Request> data = new ArrayList<>();
    for (Object o : partitions) {
      JsonObject p = (JsonObject) o;
      String fs = p.getString("fsType", "ext4");
      long mb = p.getLong("sizeMb", 0L);
      // A label given as null is no label: the mount point names the partition then.
      String name = p.getString("label") != null ? p.getString("label")
          : p.getString("mountPoint") != null ? p.getString("mountPoint") : "part";
      ("data".equals(p.getString("volume")) ? data : requests)
          .add(new Gpt.Request(fs.equals("swap") ? Gpt.LINUX_SWAP : Gpt.LINUX_FS, name, mb <= 0 ? 0 : mb << 20));
    }
    List<Gpt.Entry> entries = Gpt.layout(spec.diskBytes(), requests);
    try (FileChannel disk = FileChannel.open(disk(0), StandardOpenOption.WRITE)) {
      Gpt.write(disk, spec.diskBytes(), entries);
    }
    JsonObject result = new JsonObject().put("disk", "/dev/sda").put("partitions", json(entries));
    if (!data.isEmpty()) {
      // The data volume's first disk (a simulated array has no device of its own); kept, it is not written.
      List<String> dataDisks = volumes.data(diskNames(), raidLevel);
      if (dataDisks.isEmpty()) {
        throw new ImageException("INVALID_STATE", "the layout has partitions on the data volume, and this machine has "
            + "no disk for it after the system volume's");
      }
      int index = diskNames().indexOf(dataDisks.get(0));
      List<Gpt.Entry> dataEntries = Gpt.layout(spec.diskBytes(), data);
      if (!keepData) {
        try (FileChannel disk = FileChannel.open(disk(index), StandardOpenOption.WRITE)) {
          Gpt.write(disk, spec.diskBytes(), dataEntries);
        }
      }
      result.put("dataDisk", "/dev/" + dataDisks.get(0)).put("dataPartitions", json(dataEntries)).put("dataKept", keepData);
    }
    Files.writeString(dir.resolve("layout.json"), result.encode());
    return result;
  }

  @Override
  public JsonObject format(JsonArray partitions) throws IOException {
    // The ext superblock magic in each data partition the last partition() laid out: what blkid looks at first.
    Path layout = dir.resolve("layout.json");
    if (!Files.exists(layout)) {
      throw new ImageException("INVALID_STATE", "the disk has not been partitioned");
    }
    JsonArray written = new JsonObject(Files.readString(layout)).getJsonArray("partitions");
    int formatted = 0;
    try (FileChannel disk = FileChannel.open(disk(0), StandardOpenOption.WRITE)) {
      for (int i = 0; i < partitions.size() && i + 1 < written.size(); i++) {
        if (!"swap".equals(partitions.getJsonObject(i).getString("fsType"))) {
          long offset = written.getJsonObject(i + 1).getLong("offset");
          disk.write(ByteBuffer.wrap(new byte[] {0x53, (byte) 0xEF}), offset + EXT_MAGIC_OFFSET);
          formatted++;
        }
      }
    }
    Files.createDirectories(rootfs());
    return new JsonObject().put("formatted", formatted);
  }

  @Override
  public JsonObject writeImage(ImageSource source, Progress progress) throws IOException {
    long total = source.bytes() == null ? 0 : source.bytes();
    try (ImageSource.Stream stream = source.open()) {
      long written = source.isTar() ? unpack(stream, total, progress) : copyToDisk(stream, total, progress);
      stream.verify();
      progress.report(stream.read(), Math.max(total, stream.read()));
      return new JsonObject().put("bytesRead", stream.read()).put("bytesWritten", written).put("sha256", source.sha256());
    }
  }

  private long copyToDisk(ImageSource.Stream stream, long total, Progress progress) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long position = 0;
    long started = System.nanoTime();
    try (FileChannel disk = FileChannel.open(disk(0), StandardOpenOption.WRITE)) {
      InputStream in = stream.content();
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        if (position + n > spec.diskBytes()) {
          throw new ImageException("INVALID_ARGUMENT", "the image is larger than the disk (" + spec.diskBytes() + " bytes)");
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          position += disk.write(chunk, position);
        }
        progress.report(stream.read(), total);
        pace(position, started);
      }
      disk.force(false);
    }
    return position;
  }

  /** Sleeps (this runs on a worker thread) until {@code written} bytes are due at the throttled rate. */
  private void pace(long written, long startedNanos) throws IOException {
    long rate = bytesPerSecond;
    if (rate <= 0) {
      return;
    }
    long dueMillis = written * 1000 / rate - (System.nanoTime() - startedNanos) / 1_000_000;
    if (dueMillis > 0) {
      try {
        Thread.sleep(dueMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("image write interrupted");
      }
    }
  }

  private long unpack(ImageSource.Stream stream, long total, Progress progress) throws IOException {
    Path root = rootfs().toAbsolutePath().normalize();
    Files.createDirectories(root);
    long written = 0;
    TarArchiveInputStream tar = ImageSource.tar(stream.content());
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path target = root.resolve(entry.getName()).normalize();
      if (!target.startsWith(root)) {
        throw new ImageException("INVALID_ARGUMENT", "the image has an entry outside its root: " + entry.getName());
      }
      if (entry.isDirectory()) {
        Files.createDirectories(target);
      } else if (entry.isFile()) {
        Files.createDirectories(target.getParent());
        written += Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      progress.report(stream.read(), total);
    }
    return written;
  }

  @Override
  public void setPassword(String user, String hash) throws IOException {
    Path shadow = rootfs().resolve("etc/shadow");
    Files.createDirectories(shadow.getParent());
    List<String> lines = Files.exists(shadow) ? new ArrayList<>(Files.readAllLines(shadow)) : new ArrayList<>();
    lines.removeIf(line -> line.startsWith(user + ":"));
    lines.add(0, user + ":" + hash + ":19000:0:99999:7:::");
    Files.write(shadow, lines);
  }

  @Override
  public void cloudInit(JsonObject seed) throws IOException {
    new NoCloudSeed(seed).writeTo(seed(), rootfs().resolve(NoCloudSeed.GUEST_SETTINGS));
  }

  @Override
  public JsonObject wipe(Progress progress) throws IOException {
    for (int i = 0; i < spec.disks(); i++) {
      try (RandomAccessFile file = new RandomAccessFile(disk(i).toFile(), "rw")) {
        file.setLength(0); // every block freed: the disk reads back as zeros, as after a full overwrite
        file.setLength(spec.diskBytes());
      }
      progress.report(i + 1, spec.disks());
    }
    deleteTree(rootfs());
    deleteTree(seed());
    return new JsonObject().put("disks", spec.disks());
  }

  private static void zero(FileChannel disk, long offset, long length) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) length);
    disk.write(zeros, offset);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
