package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the LiveOS's own tools (sgdisk, mkfs.*, mount, tar, mdadm…): the disk work is theirs, kept
 * and tested by their distributions, rather than re-written in Java. Every call blocks, so only the
 * host's worker threads make it. A tool that fails ends the step with code {@code TOOL_FAILED} and
 * the tail of what it printed on stderr.
 */
final class Tools {

  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private Tools() {
  }

  /** Whether {@code tool} is installed (on PATH or in an sbin directory, which a non-login shell may lack). */
  static boolean has(String tool) {
    return locate(tool) != null;
  }

  static String locate(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":" + String.join(":", SBIN)).split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool).toString();
      }
    }
    return null;
  }

  /** Runs a tool and returns its standard output; fails unless it exits 0. */
  static String run(String... command) throws IOException {
    return run(null, DEFAULT_TIMEOUT, command);
  }

  /** Runs a tool that reads {@code stdin} (copied to it on this thread), with a deadline. */
  static String run(InputStream stdin, Duration timeout, String... command) throws IOException {
    Result result = attempt(stdin, timeout, command);
    if (result.exit != 0) {
      throw new ImageException("TOOL_FAILED", command[0] + " exited " + result.exit + ": " + tail(result.err));
    }
    return result.out;
  }

  /** Runs a tool and returns whatever it exit code (for probes whose failure is an answer). */
  static Result attempt(InputStream stdin, Duration timeout, String... command) throws IOException {
    String executable = locate(command[0]);
    if (executable == null) {
      throw new ImageException("TOOL_MISSING", "the LiveOS has no " + command[0]);
    }
    String[] resolved = Arrays.copyOf(command, command.length);
    resolved[0] = executable;
    ProcessBuilder builder = new ProcessBuilder(resolved);
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    // Both outputs are drained while the tool runs, so a chatty tool never blocks on a full pipe.
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      feed(stdin, process.getOutputStream());
    } catch (IOException e) {
      process.destroyForcibly(); // the source failed (the image stream broke): the tool's work is not whole
      throw e;
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ImageException("TIMEOUT", command[0] + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(command[0] + " interrupted");
    }
  }

  record Result(int exit, String out, String err) {}

  /**
   * Copies {@code stdin} to the tool. A failure to read is the caller's (thrown); a failure to write
   * means the tool stopped reading, and its exit code and stderr will say why.
   */
  private static void feed(InputStream stdin, OutputStream tool) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int read;
    while (stdin != null && (read = stdin.read(buffer)) >= 0) { // a read failure goes to the caller
      int n = read;
      if (!quietly(() -> tool.write(buffer, 0, n))) {
        break;
      }
    }
    quietly(tool::close);
  }

  private interface Io {
    void run() throws IOException;
  }

  /** Runs a write to the tool; false if the tool stopped reading. */
  private static boolean quietly(Io write) {
    try {
      write.run();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, runnable -> {
      Thread thread = new Thread(runnable, "bmp-tool-output");
      thread.setDaemon(true);
      thread.start();
    });
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 400 ? trimmed : "…" + trimmed.substring(trimmed.length() - 400);
  }
}
