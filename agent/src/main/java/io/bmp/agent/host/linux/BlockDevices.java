package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine's block devices as the kernel lists them in {@code /sys/class/block}: which are disks
 * the install may use, their size, kind and serial, their partitions' device names, and waiting for
 * the kernel to show a partition table that a tool just wrote.
 */
final class BlockDevices {

  /** Kernel names that are never an install target: loop, RAM and optical devices, RAID and device-mapper volumes. */
  private static final List<String> NOT_DISKS = List.of("loop", "ram", "zram", "sr", "fd", "md", "dm-", "nbd");

  private final Path sys;

  BlockDevices(Path sys) {
    this.sys = sys;
  }

  /** The whole disks of the machine, sorted by name (sda before sdb, nvme0n1 before nvme1n1). */
  List<String> discover() throws IOException {
    Path block = sys.resolve("block");
    if (!Files.isDirectory(block)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(block)) {
      return list.map(p -> p.getFileName().toString())
          .filter(name -> NOT_DISKS.stream().noneMatch(name::startsWith))
          .filter(name -> sizeBytesOrZero(name) > 0)
          .sorted().toList();
    }
  }

  /** {@code /dev/sda} → {@code sda}; {@code /dev/md/bmp-system} → {@code md127} (the link resolved). */
  static String kernelName(String device) throws IOException {
    Path path = Path.of(device);
    return (Files.exists(path) ? path.toRealPath() : path).getFileName().toString();
  }

  long sizeBytes(String name) throws IOException {
    Path size = sys.resolve("class/block").resolve(name).resolve("size");
    if (!Files.exists(size)) {
      throw new ImageException("NOT_FOUND", "no block device " + name);
    }
    return Long.parseLong(Files.readString(size).trim()) * 512; // the kernel counts 512-byte sectors whatever the disk's
  }

  private long sizeBytesOrZero(String name) {
    try {
      return sizeBytes(name);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  boolean rotational(String name) {
    return "1".equals(read(name, "queue/rotational"));
  }

  /** The bus as the device path shows it: nvme, usb, virtio, else sata/sas (the SCSI layer does not tell them apart). */
  String interfaceOf(String name) {
    if (name.startsWith("nvme")) {
      return "nvme";
    }
    if (name.startsWith("vd")) {
      return "virtio";
    }
    try {
      String path = sys.resolve("class/block").resolve(name).toRealPath().toString();
      return path.contains("/usb") ? "usb" : path.contains("/virtio") ? "virtio" : "sata";
    } catch (IOException e) {
      return "unknown";
    }
  }

  String model(String name) {
    return read(name, "device/model");
  }

  String serial(String name) {
    String serial = read(name, "device/serial");
    return serial != null ? serial : read(name, "serial");
  }

  /** The device node of partition {@code number}: sda → sda1, nvme0n1 / loop0 / md127 → …p1. */
  static String partition(String disk, int number) {
    String name = disk.startsWith("/dev/") ? disk.substring(5) : disk;
    return "/dev/" + name + (Character.isDigit(name.charAt(name.length() - 1)) ? "p" : "") + number;
  }

  /** The partitions the kernel knows on {@code disk}, in order. */
  List<String> partitions(String disk) throws IOException {
    Path dir = sys.resolve("class/block").resolve(disk);
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().startsWith(disk) && Files.exists(p.resolve("partition")))
          .sorted((a, b) -> Integer.compare(partitionNumber(a), partitionNumber(b)))
          .forEach(p -> found.add("/dev/" + p.getFileName()));
    }
    return found;
  }

  private static int partitionNumber(Path p) {
    try {
      return Integer.parseInt(Files.readString(p.resolve("partition")).trim());
    } catch (IOException | NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /**
   * Has the kernel re-read {@code disk}'s partition table and waits until the {@code expected}
   * partition nodes exist (udev, or devtmpfs, makes them a moment after the re-read).
   */
  void reread(String disk, int expected) throws IOException {
    Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "partx", "-u", "/dev/" + disk);
    if (Tools.has("udevadm")) {
      Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "udevadm", "settle", "--timeout=10");
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      List<String> parts = partitions(disk);
      if (parts.size() >= expected && parts.stream().allMatch(p -> Files.exists(Path.of(p)))) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new ImageException("TOOL_FAILED", "the kernel shows " + parts.size() + " partitions on " + disk
            + " after the table was written; " + expected + " were expected");
      }
      sleep(100);
    }
  }

  private String read(String name, String attribute) {
    try {
      Path file = sys.resolve("class/block").resolve(name).resolve(attribute);
      String value = Files.exists(file) ? Files.readString(file).trim() : null;
      return value == null || value.isEmpty() ? null : value.toLowerCase(Locale.ROOT).equals("none") ? null : value;
    } catch (IOException e) {
      return null;
    }
  }

  static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
