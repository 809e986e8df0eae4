package io.bmp.launcher.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * What the lab needs on disk before its first boot, made locally so that nothing is downloaded: the
 * first-stage boot files in the TFTP root (Debian's iPXE builds when the ipxe package is there,
 * stand-ins otherwise: the lab's NICs only fetch them), a stand-in LiveOS kernel and initrd in the
 * image store, and two demo images (raw, and a root file system as tar.gz) with their SHA-256.
 * Blocking file work: call it from a worker. Every file is written once and kept.
 */
public final class DemoContent {

  /** A demo image file and the SHA-256 of its bytes. */
  public record DemoImage(String name, String format, Path file, long bytes, String sha256) {}

  private static final Path IPXE = Path.of("/usr/lib/ipxe");
  private static final int MIB = 1 << 20;

  private DemoContent() {}

  /** undionly.kpxe and ipxe.efi in the TFTP root; liveos/vmlinuz and liveos/initrd.img in the store. */
  public static void bootFiles(Path tftpRoot, Path store) throws IOException {
    for (String name : new String[] {"undionly.kpxe", "ipxe.efi"}) {
      Path target = tftpRoot.resolve(name);
      if (!Files.exists(target)) {
        Files.createDirectories(tftpRoot);
        Path debian = IPXE.resolve(name);
        if (Files.isRegularFile(debian)) {
          Files.copy(debian, target);
        } else {
          write(target, standIn(name, 96 * 1024));
        }
      }
    }
    Path liveos = store.resolve("liveos");
    if (!Files.exists(liveos.resolve("vmlinuz"))) {
      Files.createDirectories(liveos);
      write(liveos.resolve("initrd.img"), standIn("BMP lab LiveOS initrd", 4 * MIB));
      write(liveos.resolve("vmlinuz"), standIn("BMP lab LiveOS kernel", 2 * MIB));
    }
  }

  /** A raw disk image of {@code mib} MiB: a marker, then bytes that do not compress. */
  public static DemoImage rawImage(Path dir, int mib) throws IOException {
    Path file = dir.resolve("bmp-demo-" + mib + "m.raw");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      byte[] bytes = standIn("BMP demo raw image", mib * MIB);
      write(file, bytes);
    }
    return new DemoImage("bmp-demo-raw", "raw", file, Files.size(file), sha256(file));
  }

  /** A small root file system (os-release, hostname, a program, a kernel) as tar.gz. */
  public static DemoImage tarImage(Path dir) throws IOException {
    Path file = dir.resolve("bmp-demo-rootfs.tar.gz");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Path partial = dir.resolve(".bmp-demo-rootfs.tar.gz.partial");
      try (OutputStream out = Files.newOutputStream(partial);
           GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
           TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        directory(tar, "etc/");
        directory(tar, "boot/");
        directory(tar, "usr/");
        directory(tar, "usr/bin/");
        entry(tar, "etc/os-release", ("NAME=\"BMP Demo Linux\"\nID=bmp-demo\nVERSION_ID=\"1.0\"\n"
            + "PRETTY_NAME=\"BMP Demo Linux 1.0\"\n").getBytes(StandardCharsets.UTF_8), 0644);
        entry(tar, "etc/hostname", "localhost\n".getBytes(StandardCharsets.UTF_8), 0644);
        entry(tar, "usr/bin/hello", "#!/bin/sh\necho hello from BMP Demo Linux\n".getBytes(StandardCharsets.UTF_8), 0755);
        entry(tar, "boot/vmlinuz", standIn("BMP demo kernel", 2 * MIB), 0644);
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return new DemoImage("bmp-demo-rootfs", "tar.gz", file, Files.size(file), sha256(file));
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** A marker line, then seeded pseudo-random bytes (the same on every machine, so checksums are too). */
  private static byte[] standIn(String what, int size) {
    byte[] bytes = new byte[size];
    new Random(what.hashCode()).nextBytes(bytes);
    byte[] marker = (what + " (stand-in made by the BMP lab)\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, bytes, 0, Math.min(marker.length, size));
    return bytes;
  }

  /** Written beside the target and moved into place: a crash never leaves half a file under the real name. */
  private static void write(Path target, byte[] bytes) throws IOException {
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    Files.write(partial, bytes);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
        Files.copy(file, out);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
