package io.bmp.agent.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ipmitool (the real client from Debian's package) against a BMC on 127.0.0.1 and returns what it printed. */
public final class Ipmitool {

  /** Exit status and the merged output of one ipmitool run. */
  public record Result(int exit, String output) {
  }

  private Ipmitool() {
  }

  /**
   * {@code ipmitool -I lanplus -C suite -H 127.0.0.1 -p port -U user -E args…}; the password
   * travels in the environment (IPMI_PASSWORD, ipmitool's -E), never on a command line.
   */
  public static Result run(int port, int suite, String user, String password, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ipmitool", "-I", "lanplus", "-C", String.valueOf(suite),
        "-H", "127.0.0.1", "-p", String.valueOf(port), "-U", user, "-E", "-R", "2", "-N", "2"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("IPMI_PASSWORD", password);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("ipmitool " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
