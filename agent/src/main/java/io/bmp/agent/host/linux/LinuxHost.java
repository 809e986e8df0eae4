package io.bmp.agent.host.linux;

import io.bmp.agent.host.Host;
import io.bmp.agent.host.ImageException;
import io.bmp.agent.host.ImageSource;
import io.bmp.agent.host.NoCloudSeed;
import io.bmp.agent.host.RaidLevel;
import io.bmp.agent.host.Volumes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine the LiveOS runs on. Disk work is done by the LiveOS's tools (sgdisk, wipefs, mkfs.*,
 * mdadm, mount, tar, grub-install in the target); the image's bytes are streamed by the agent
 * itself, straight from the image server to the disk or into tar, hashed on the way. Each step's
 * outcome is kept in the work directory ({@link Layout}) for the steps after it.
 *
 * <p>Which disks it may touch: those named in its settings (the kernel command line's
 * {@code bmp.disks=}), else every whole disk the kernel lists that is not a loop, RAM, optical,
 * RAID or device-mapper device. The first is the system disk unless a RAID volume replaced it.
 */
public final class LinuxHost implements Host {

  private static final int BUFFER = 1 << 20;
  private static final long EFI_MIB = 512;
  private static final Duration LONG_TOOL = Duration.ofMinutes(30);

  /** Disks to use (kernel names or /dev paths; empty: discover), the work directory, and where /proc and /sys are. */
  public record Settings(List<String> disks, Path work, Path proc, Path sys, boolean discard) {
    public static Settings of(List<String> disks, Path work) {
      return new Settings(disks, work, Path.of("/proc"), Path.of("/sys"), true);
    }

    /** Whether wipe may trust a discard (TRIM) that reads back as zeros, or must always overwrite. */
    public Settings withDiscard(boolean discard) {
      return new Settings(disks, work, proc, sys, discard);
    }
  }

  private final Settings settings;
  private final BlockDevices blocks;
  private final Raid raid;

  public LinuxHost(Settings settings) {
    this.settings = settings;
    this.blocks = new BlockDevices(settings.sys());
    this.raid = new Raid(settings.sys());
  }

  /** The disks this host may touch, by kernel name. */
  public List<String> disks() throws IOException {
    if (settings.disks().isEmpty()) {
      return blocks.discover();
    }
    List<String> names = new ArrayList<>();
    for (String disk : settings.disks()) {
      names.add(BlockDevices.kernelName(disk.startsWith("/") ? disk : "/dev/" + disk));
    }
    return names;
  }

  /** The disk partition and image steps write to: the RAID volume if one was built, else the first disk. */
  String systemDisk() throws IOException {
    JsonObject state = Layout.load(stateFile());
    if (state != null && state.getString("raidDevice") != null) {
      return BlockDevices.kernelName(state.getString("raidDevice"));
    }
    List<String> disks = disks();
    if (disks.isEmpty()) {
      throw new ImageException("NOT_FOUND", "this machine has no disk to install on");
    }
    return disks.get(0);
  }

  @Override
  public JsonObject inventory() throws IOException {
    return new Inventory(settings.proc(), settings.sys(), blocks).read(disks());
  }

  @Override
  public void clean(boolean clearRaid) throws IOException {
    List<String> disks = disks();
    if (clearRaid) {
      raid.stopOver(disks);
    }
    for (String disk : disks) {
      for (String part : blocks.partitions(disk)) {
        Tools.run("wipefs", "-a", "-f", part);
      }
      Tools.run("wipefs", "-a", "-f", "/dev/" + disk);
      Tools.run("sgdisk", "--zap-all", "/dev/" + disk);
      Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-d", "/dev/" + disk);
    }
    Files.deleteIfExists(stateFile());
    Files.deleteIfExists(layoutFile());
  }

  @Override
  public JsonObject raid(String systemLevel, String dataLevel, Volumes volumes, boolean keepData) throws IOException {
    List<String> disks = disks();
    JsonObject state = new JsonObject();
    JsonObject result = new JsonObject();
    if (systemLevel != null) {
      List<String> members = volumes.system(disks, systemLevel);
      RaidLevel level = RaidLevel.over(systemLevel, members.size(), "system");
      String device = raid.create(Raid.SYSTEM_VOLUME, level, members);
      state.put("raidDevice", device).put("level", level.name());
      result.put("device", device).put("level", level.name()).put("members", members.size());
    }
    if (dataLevel != null) {
      List<String> members = volumes.data(disks, systemLevel);
      RaidLevel level = RaidLevel.over(dataLevel, members.size(), "data");
      // Kept, the data volume's array is only put together again: building it anew would lose the data.
      String device = keepData ? raid.assemble(Raid.DATA_VOLUME, members) : raid.create(Raid.DATA_VOLUME, level, members);
      state.put("dataDevice", device).put("dataLevel", level.name());
      result.put("dataDevice", device).put("dataLevel", level.name()).put("dataMembers", members.size());
    }
    Layout.save(stateFile(), state);
    return result;
  }

  /** The data volume: its RAID array if one was built or assembled, else its first disk. */
  private String dataDisk(Volumes volumes) throws IOException {
    JsonObject state = Layout.load(stateFile());
    if (state != null && state.getString("dataDevice") != null) {
      return BlockDevices.kernelName(state.getString("dataDevice"));
    }
    String systemLevel = state == null ? null : state.getString("level");
    List<String> data = volumes.data(disks(), systemLevel);
    if (data.isEmpty()) {
      throw new ImageException("INVALID_STATE", "the layout has partitions on the data volume, and this machine has no "
          + "disk for it after the system volume's");
    }
    return data.get(0);
  }

  @Override
  public JsonObject partition(String bootMode, boolean keepData, JsonArray partitions, Volumes volumes)
      throws IOException {
    JsonArray system = new JsonArray();
    JsonArray data = new JsonArray();
    for (Object o : partitions) {
      ("data".equals(((JsonObject) o).getString("volume")) ? data : system).add(o);
    }
    // keepData: the flow skipped clean, and only the system volume is laid out again; the data
    // volume's partitions are found as the install before left them.
    String disk = systemDisk();
    String dev = "/dev/" + disk;
    List<String> args = new ArrayList<>(List.of("sgdisk", "--zap-all", "--clear"));
    List<Layout.Part> parts = new ArrayList<>();
    boolean bios = "bios".equals(bootMode);
    args.addAll(List.of("-n", "1:0:" + (bios ? "+1M" : "+" + EFI_MIB + "M"), "-t", "1:" + (bios ? "ef02" : "ef00"),
        "-c", "1:" + (bios ? "bios-boot" : "efi")));
    parts.add(new Layout.Part(1, BlockDevices.partition(disk, 1), bios ? Layout.BIOS_BOOT : Layout.EFI,
        bios ? null : "/boot/efi", bios ? null : "vfat", bios ? null : "EFI"));
    addParts(args, parts, disk, 2, system, Layout.DATA);
    args.add(dev);
    Tools.run(args.toArray(String[]::new));
    blocks.reread(disk, parts.size());
    if (!data.isEmpty()) {
      parts.addAll(keepData ? keptData(dataDisk(volumes), data) : dataParts(dataDisk(volumes), data));
    }
    Layout layout = new Layout(disk, bios ? "bios" : "uefi", parts);
    Layout.save(layoutFile(), layout.toJson());
    JsonArray written = new JsonArray();
    parts.forEach(p -> written.add(new JsonObject().put("number", p.number()).put("device", p.device())
        .put("mountPoint", p.mountPoint())));
    return new JsonObject().put("disk", dev).put("partitions", written);
  }

  /** A fresh GPT on the data volume with its partitions, formatted later like the system volume's. */
  private List<Layout.Part> dataParts(String disk, JsonArray partitions) throws IOException {
    List<String> args = new ArrayList<>(List.of("sgdisk", "--zap-all", "--clear"));
    List<Layout.Part> parts = new ArrayList<>();
    addParts(args, parts, disk, 1, partitions, Layout.DATA_VOLUME);
    args.add("/dev/" + disk);
    Tools.run(args.toArray(String[]::new));
    blocks.reread(disk, parts.size());
    return parts;
  }

  /** The sgdisk arguments and layout entries of {@code partitions}, numbered from {@code first} on {@code disk}. */
  private static void addParts(List<String> args, List<Layout.Part> parts, String disk, int first, JsonArray partitions,
      String role) {
    int number = first;
    for (Object o : partitions) {
      JsonObject p = (JsonObject) o;
      String fs = p.getString("fsType", "ext4");
      long mb = p.getLong("sizeMb", 0L);
      String mount = "swap".equals(fs) ? null : p.getString("mountPoint");
      String name = p.getString("label") != null ? p.getString("label") : mount != null ? mount : fs;
      args.addAll(List.of("-n", number + ":0:" + (mb <= 0 ? "0" : "+" + mb + "M"),
          "-t", number + ":" + ("swap".equals(fs) ? "8200" : "8300"), "-c", number + ":" + name));
      parts.add(new Layout.Part(number, BlockDevices.partition(disk, number), role, mount, fs, p.getString("label")));
      number++;
    }
  }

  /**
   * The data volume's partitions as the install before left them (keep-data reinstall): the n-th
   * asked for is the volume's n-th partition, which must hold a filesystem; nothing is written.
   */
  private List<Layout.Part> keptData(String disk, JsonArray partitions) throws IOException {
    Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-u", "/dev/" + disk);
    List<String> found = blocks.partitions(disk);
    List<Layout.Part> parts = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      JsonObject p = partitions.getJsonObject(i);
      String device = BlockDevices.partition(disk, i + 1);
      String type = found.size() > i ? Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "blkid", "-p", "-o", "value", "-s", "TYPE",
          device).out() : null;
      if (type == null || type.isBlank()) {
        throw new ImageException("INVALID_STATE", "the data volume /dev/" + disk + " has no filesystem on its partition "
            + (i + 1) + " to keep for " + p.getString("mountPoint") + "; reinstall without keeping the data");
      }
      parts.add(new Layout.Part(i + 1, device, Layout.KEPT, p.getString("mountPoint"), type.trim(), p.getString("label")));
    }
    return parts;
  }

  @Override
  public JsonObject format(JsonArray partitions) throws IOException {
    Layout layout = layout();
    int formatted = 0;
    for (Layout.Part part : layout.parts()) {
      if (part.fsType() == null || Layout.KEPT.equals(part.role())) {
        continue;
      }
      Tools.run(null, LONG_TOOL, Filesystems.mkfs(part.fsType(), part.label(), part.device()));
      formatted++;
    }
    return new JsonObject().put("formatted", formatted);
  }

  @Override
  public JsonObject writeImage(ImageSource source, Host.Progress progress) throws IOException {
    long total = source.bytes() == null ? 0 : source.bytes();
    try (ImageSource.Stream stream = source.open()) {
      JsonObject result = source.isTar() ? unpack(stream, total, progress) : copyToDisk(stream, total, progress);
      stream.verify();
      progress.report(stream.read(), Math.max(total, stream.read()));
      return result.put("bytesRead", stream.read()).put("sha256", source.sha256());
    }
  }

  private JsonObject copyToDisk(ImageSource.Stream stream, long total, Host.Progress progress) throws IOException {
    String disk = systemDisk();
    long capacity = blocks.sizeBytes(disk);
    byte[] buffer = new byte[BUFFER];
    long position = 0;
    try (FileChannel out = FileChannel.open(Path.of("/dev/" + disk), StandardOpenOption.WRITE)) {
      InputStream in = stream.content();
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        if (position + n > capacity) {
          throw new ImageException("INVALID_ARGUMENT", "the image is larger than /dev/" + disk + " (" + capacity + " bytes)");
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          position += out.write(chunk, position);
        }
        progress.report(stream.read(), total);
      }
      out.force(true);
    }
    Files.deleteIfExists(layoutFile()); // the image brought its own partitions: later steps find its root themselves
    Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-u", "/dev/" + disk);
    Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-a", "/dev/" + disk); // partitions the disk did not have before
    return new JsonObject().put("bytesWritten", position).put("disk", "/dev/" + disk);
  }

  /** A root filesystem archive: unpacked by tar into the layout's mounted filesystems, then fstab and the boot loader. */
  private JsonObject unpack(ImageSource.Stream stream, long total, Host.Progress progress) throws IOException {
    Layout layout = layout();
    if (layout.root() == null) {
      throw new ImageException("INVALID_ARGUMENT", "a tar image needs a / partition in the layout");
    }
    try (Target target = Target.mount(mountPoint(), layout)) {
      InputStream content = new ProgressStream(stream.content(), () -> progress.report(stream.read(), total));
      // GNU tar: owners, modes, links, device nodes and xattrs as the archive has them; it refuses members with "..".
      Tools.run(content, LONG_TOOL, "tar", "-x", "-p", "--numeric-owner", "--xattrs", "--xattrs-include=*",
          "-C", target.root().toString(), "-f", "-");
      Files.writeString(target.root().resolve("etc/fstab"), Filesystems.fstab(layout));
      String bootLoader = new BootLoader(target, layout).install();
      return new JsonObject().put("bytesWritten", Filesystems.usedBytes(target.root())).put("bootLoader", bootLoader)
          .put("notMounted", new JsonArray(target.skipped()));
    }
  }

  @Override
  public void setPassword(String user, String hash) throws IOException {
    if (user == null || !user.matches("[a-z_][a-z0-9_-]*") || hash == null || hash.contains(":") || hash.contains("\n")) {
      throw new ImageException("INVALID_ARGUMENT", "a user name and a crypt hash without ':' are required");
    }
    try (Target target = installed()) {
      Shadow.setHash(target.root().resolve("etc/shadow"), user, hash);
    }
  }

  @Override
  public void cloudInit(JsonObject seed) throws IOException {
    try (Target target = installed()) {
      NoCloudSeed noCloud = new NoCloudSeed(seed);
      noCloud.writeTo(target.root().resolve(NoCloudSeed.SEED_DIR), target.root().resolve(NoCloudSeed.GUEST_SETTINGS));
      if (noCloud.hostname() != null) {
        Files.writeString(target.root().resolve("etc/hostname"), noCloud.hostname() + "\n");
      }
    }
  }

  @Override
  public JsonObject guestSettings() throws IOException {
    try (Target target = installed()) {
      Path file = target.root().resolve(NoCloudSeed.GUEST_SETTINGS);
      return Files.exists(file) ? new JsonObject(Files.readString(file)) : null;
    }
  }

  @Override
  public JsonObject wipe(Host.Progress progress) throws IOException {
    List<String> disks = disks();
    if (disks.isEmpty()) {
      throw new ImageException("NOT_FOUND", "this machine has no disk to wipe");
    }
    raid.stopOver(disks);
    JsonArray how = new JsonArray();
    long total = 0;
    for (String disk : disks) {
      total += blocks.sizeBytes(disk);
    }
    long done = 0;
    for (String disk : disks) {
      long size = blocks.sizeBytes(disk);
      how.add(new JsonObject().put("disk", "/dev/" + disk).put("method", Eraser.erase(disk, size, settings.discard(),
          done, total, progress)));
      done += size;
    }
    Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-d", "/dev/" + disks.get(0));
    Files.deleteIfExists(stateFile());
    Files.deleteIfExists(layoutFile());
    return new JsonObject().put("disks", disks.size()).put("erased", how);
  }

  /** The installed root: the layout's filesystems after a tar install, else the root a whole-disk image brought. */
  private Target installed() throws IOException {
    JsonObject saved = Layout.load(layoutFile());
    return saved != null ? Target.mount(mountPoint(), Layout.fromJson(saved))
        : Target.find(mountPoint(), blocks, systemDisk());
  }

  private Layout layout() throws IOException {
    JsonObject saved = Layout.load(layoutFile());
    if (saved == null) {
      throw new ImageException("INVALID_STATE", "the disk has not been partitioned");
    }
    return Layout.fromJson(saved);
  }

  private Path layoutFile() {
    return settings.work().resolve("layout.json");
  }

  private Path stateFile() {
    return settings.work().resolve("raid.json");
  }

  private Path mountPoint() {
    return settings.work().resolve("target");
  }
}
