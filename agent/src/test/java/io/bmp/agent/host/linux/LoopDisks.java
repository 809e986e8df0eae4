package io.bmp.agent.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sparse files attached as loop block devices (with partition scanning): real disks for the Linux host's tests. */
final class LoopDisks implements AutoCloseable {

  private final List<String> devices = new ArrayList<>();

  /** Attaches a new sparse file of {@code bytes} and returns its device (/dev/loopN). */
  String attach(Path file, long bytes) throws Exception {
    try (RandomAccessFile disk = new RandomAccessFile(file.toFile(), "rw")) {
      disk.setLength(bytes);
    }
    String device = sh("losetup", "-f", "--show", "-P", file.toString()).trim();
    devices.add(device);
    return device;
  }

  /** Detaches every device, after unmounting whatever a failed test left mounted on it. */
  @Override
  public void close() throws Exception {
    for (String device : devices) {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String[] f = line.split(" ");
        if (f[0].startsWith(device)) {
          run("umount", "-l", f[1]);
        }
      }
      run("losetup", "-d", device);
    }
  }

  static String sh(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    process.waitFor(120, TimeUnit.SECONDS);
    return process.exitValue();
  }

  static boolean available() {
    try {
      return "root".equals(System.getProperty("user.name")) && run("losetup", "--version") == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
