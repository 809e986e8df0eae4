package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The installed system mounted under the agent's work directory for one step, and unmounted
 * (recursively, with anything bound into it) when the step ends, whatever happened: no step leaves
 * a mount behind, so the next one, or the same one run again, starts from a clean slate.
 */
final class Target implements AutoCloseable {

  private static final Set<String> LINUX_FILESYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs");

  private final Path root;
  private final List<String> skipped = new java.util.ArrayList<>();

  private Target(Path root) {
    this.root = root;
  }

  /** Mount points left out because the LiveOS kernel cannot mount their filesystem (vfat in a minimal kernel). */
  List<String> skipped() {
    return skipped;
  }

  Path root() {
    return root;
  }

  /** Mounts the filesystems the layout made, parents first. */
  static Target mount(Path mountPoint, Layout layout) throws IOException {
    Target target = prepare(mountPoint);
    try {
      for (Layout.Part part : layout.mountOrder()) {
        if (!kernelMounts(part.fsType())) {
          target.skipped.add(part.mountPoint());
          continue;
        }
        Path at = part.mountPoint().equals("/") ? target.root() : target.root().resolve(part.mountPoint().substring(1));
        Files.createDirectories(at);
        Tools.run("mount", part.device(), at.toString());
      }
      return target;
    } catch (IOException | RuntimeException e) {
      closeAfter(target, e);
      throw e;
    }
  }

  /**
   * Finds the root filesystem a whole-disk image brought (the partition, or the bare disk, whose
   * filesystem holds an os-release file) and mounts it.
   */
  static Target find(Path mountPoint, BlockDevices blocks, String disk) throws IOException {
    Target target = prepare(mountPoint);
    try {
      List<String> candidates = blocks.partitions(disk);
      if (candidates.isEmpty()) {
        candidates = List.of("/dev/" + disk);
      }
      for (String device : candidates) {
        if (!LINUX_FILESYSTEMS.contains(fsType(device))) {
          continue;
        }
        Path root = target.root();
        Tools.run("mount", device, root.toString());
        if (Files.exists(root.resolve("etc/os-release")) || Files.exists(root.resolve("usr/lib/os-release"))) {
          return target;
        }
        Tools.run("umount", root.toString());
      }
      throw new ImageException("INVALID_STATE", "no Linux root filesystem (one with /etc/os-release) on /dev/" + disk);
    } catch (IOException | RuntimeException e) {
      closeAfter(target, e);
      throw e;
    }
  }

  /** Closes a target a failed step opened, keeping the step's error first. */
  private static void closeAfter(Target target, Exception failure) {
    try {
      target.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Whether the kernel mounts {@code fsType}, after asking for its module (a LiveOS built without it cannot). */
  static boolean kernelMounts(String fsType) throws IOException {
    if (knows(fsType)) {
      return true;
    }
    if (Tools.has("modprobe")) {
      Tools.attempt(null, Duration.ofSeconds(30), "modprobe", fsType);
    }
    return knows(fsType);
  }

  private static boolean knows(String fsType) throws IOException {
    return Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(l -> l.trim().replaceAll(".*\\s", "").equals(fsType));
  }

  /** The filesystem blkid finds on {@code device}, or "" for none. */
  static String fsType(String device) throws IOException {
    Tools.Result probe = Tools.attempt(null, Duration.ofSeconds(30), "blkid", "-p", "-o", "value", "-s", "TYPE", device);
    return probe.exit() == 0 ? probe.out().trim() : "";
  }

  static String uuid(String device) throws IOException {
    return Tools.run("blkid", "-o", "value", "-s", "UUID", device).trim();
  }

  /** Binds /dev, /proc and /sys into the target, as a chroot'ed boot-loader installer needs. */
  void bindSystem() throws IOException {
    for (String fs : List.of("dev", "proc", "sys")) {
      Path at = root.resolve(fs);
      Files.createDirectories(at);
      Tools.run("mount", "--rbind", "/" + fs, at.toString());
      // A slave: unmounting the target later must not propagate back and unmount the LiveOS's own /dev/pts or cgroups.
      Tools.run("mount", "--make-rslave", at.toString());
    }
  }

  /**
   * Makes the mount point a private mount of its own before anything is mounted on it. Under systemd
   * the LiveOS's mounts are shared, and services that run in mount namespaces of their own (resolved,
   * logind, timesyncd…) get a copy of every mount made there. Such a copy outlives our unmount, so
   * the installed system's filesystem stayed mounted, and its last writes (GRUB's config, the seed)
   * unwritten, when the machine was power-cycled into it; a later mkfs would also find it busy.
   */
  private static Target prepare(Path mountPoint) throws IOException {
    Files.createDirectories(mountPoint);
    Path real = mountPoint.toRealPath(); // as /proc/self/mountinfo names it (no symlinks)
    unmountAll(real); // what an interrupted step left mounted
    Tools.run("mount", "--bind", real.toString(), real.toString());
    Target target = new Target(real);
    try {
      Tools.run("mount", "--make-private", real.toString());
    } catch (IOException | RuntimeException e) {
      closeAfter(target, e);
      throw e;
    }
    return target;
  }

  /** Unmounts everything at the mount point, stacked mounts included (the installed system, then the private bind). */
  private static void unmountAll(Path mountPoint) throws IOException {
    for (int layer = 0; layer < 8 && isMounted(mountPoint); layer++) {
      Tools.run("umount", "-R", mountPoint.toString());
    }
    if (isMounted(mountPoint)) {
      throw new IOException(mountPoint + " is still mounted after 8 unmounts");
    }
  }

  private static boolean isMounted(Path mountPoint) throws IOException {
    String path = mountPoint.toAbsolutePath().normalize().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && fields[4].equals(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Flushes the installed system's filesystems (syncfs), then unmounts them: what a step wrote is
   * on the disk when it reports success, even if something else still holds a mount of it.
   */
  @Override
  public void close() throws IOException {
    try {
      if (isMounted(root)) {
        Tools.attempt(null, Duration.ofMinutes(5), "sync", "-f", root.toString());
      }
    } finally {
      unmountAll(root); // whatever the sync did: umount flushes too, when nothing else holds the filesystem
    }
  }
}
