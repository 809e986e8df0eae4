package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that every descriptor or start-up problem ends the process with a non-zero exit code
 * and exactly one line on stderr that names the problem, without a stack trace.
 */
class LauncherExitTest {

  @TempDir Path dir;

  private ChildNode run(String descriptor, Map<String, String> env, String... extraArgs) throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, descriptor);
    String[] args = new String[extraArgs.length + 2];
    args[0] = "--conf";
    args[1] = file.toString();
    System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
    return ChildNode.start(dir.resolve("run"), env, args);
  }

  private static void assertOneLineNaming(ChildNode node, int exitCode, String expected) throws Exception {
    assertThat(node.waitFor(60)).as("exit code").isEqualTo(exitCode);
    String err = node.stderr().strip();
    assertThat(err.lines()).as("stderr: " + err).hasSize(1);
    assertThat(err).startsWith("bmp: ").contains(expected);
    assertThat(node.stdout() + err).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void malformedDescriptor() throws Exception {
    try (ChildNode node = run("{ \"node\": { \"name\": ", Map.of())) {
      assertOneLineNaming(node, Main.EXIT_CONFIG, "is not valid JSON");
    }
  }

  @Test
  void unknownVerticle() throws Exception {
    try (ChildNode node = run("{ \"node\": { \"name\": \"n\" }, \"verticles\": { \"dns\": {} } }", Map.of())) {
      assertOneLineNaming(node, Main.EXIT_CONFIG, "unknown verticle 'dns'");
    }
  }

  @Test
  void missingRequiredKey() throws Exception {
    try (ChildNode node = run("{ \"node\": { \"room\": \"r1\" }, \"verticles\": { \"driver\": {} } }", Map.of())) {
      assertOneLineNaming(node, Main.EXIT_CONFIG, "'node.name'");
    }
  }

  @Test
  void missingDescriptorFile() throws Exception {
    try (ChildNode node = ChildNode.start(dir.resolve("run"), Map.of(), "--conf", "/nonexistent/x.json")) {
      assertOneLineNaming(node, Main.EXIT_CONFIG, "does not exist");
    }
  }

  @Test
  void badEnvironmentOverride() throws Exception {
    try (ChildNode node = run("{ \"node\": { \"name\": \"n\" }, \"verticles\": { \"api\": { \"config\": { \"port\": 8080 } } } }",
        Map.of("BMP_API_PORT", "http"))) {
      assertOneLineNaming(node, Main.EXIT_CONFIG, "BMP_API_PORT must be a whole number");
    }
  }

  @Test
  void unreachableDatabase() throws Exception {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    String descriptor = """
        { "node": { "name": "n" },
          "database": { "kind": "mysql", "host": "127.0.0.1", "port": 1, "name": "bmp", "user": "root", "password": "pw" },
          "verticles": { "scheduler": {} } }
        """;
    try (ChildNode node = run(descriptor, Map.of())) {
      assertOneLineNaming(node, Main.EXIT_START, "127.0.0.1:1");
      assertThat(node.stderr()).contains("not reachable").doesNotContain("pw");
    }
  }

  @Test
  void portAlreadyTaken() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String descriptor = "{ \"node\": { \"name\": \"n\" }, \"verticles\": { \"api\": { \"config\": { \"host\": \"127.0.0.1\", \"port\": "
          + taken.getLocalPort() + " } } } }";
      try (ChildNode node = run(descriptor, Map.of())) {
        assertOneLineNaming(node, Main.EXIT_START, "verticle 'api' did not start");
      }
    }
  }

  @Test
  void debugPrintsTheStackTrace() throws Exception {
    try (ChildNode node = run("{ \"node\": { \"name\": ", Map.of(), "--debug")) {
      assertThat(node.waitFor(60)).isEqualTo(Main.EXIT_CONFIG);
      assertThat(node.stderr().lines().count()).isGreaterThan(1);
    }
  }
}
