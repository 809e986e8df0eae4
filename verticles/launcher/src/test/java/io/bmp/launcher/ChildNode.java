package io.bmp.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's {@code Main} in a JVM of its own, as an operator runs it: for the tests of exit
 * codes and of a second cluster node. Output goes to files in a temp directory.
 */
final class ChildNode implements AutoCloseable {

  final Process process;
  final Path stdout;
  final Path stderr;

  private ChildNode(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static ChildNode start(Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Files.createDirectories(workDir);
    Path out = workDir.resolve("stdout.log");
    Path err = workDir.resolve("stderr.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BMP_"));
    builder.environment().putAll(env);
    return new ChildNode(builder.start(), out, err);
  }

  /** Waits for the process to end on its own and returns its exit code. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the node did not exit within " + seconds + " s; stderr: " + read(stderr));
    }
    return process.exitValue();
  }

  /** SIGTERM, as an operator's service manager sends it; returns the exit code. */
  int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return waitFor(seconds);
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  static String classpathSeparator() {
    return File.pathSeparator;
  }
}
