package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs docs/api-examples.sh (the curl examples of docs/api.md) against a fresh all-in-one node. */
@Timeout(120)
class ApiExamplesTest {

  @Test
  void theExamplesInApiMdAreTheScript() throws Exception {
    String script = java.nio.file.Files.readString(Path.of("../../docs/api-examples.sh"));
    String body = script.substring(script.indexOf("set -euo pipefail\n") + "set -euo pipefail\n".length());
    assertThat(java.nio.file.Files.readString(Path.of("../../docs/api.md")))
        .as("docs/api.md's example block must be docs/api-examples.sh after its header").contains("```sh\n" + body + "```\n");
  }

  @Test
  void theDocumentedCurlExamplesWorkAsWritten() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("bmp-examples-");
    int port = Ports.free();
    Map<String, String> env = new java.util.HashMap<>(TestDescriptors.NETBOOT_ON_FREE_PORTS);
    env.putAll(Map.of("BMP_API_PORT", String.valueOf(port), "BMP_API_HOST", "127.0.0.1", "BMP_API_OPERATOR_PORT", "0",
        "BMP_ADMIN_PASSWORD", "Examples-pass-1"));
    Node node = Node.start(Descriptor.load(null).resolve(env, "r1", dir.resolve("data").toString())).await();
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", Path.of("../../docs/api-examples.sh").toAbsolutePath().toString())
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
      builder.environment().put("BMP", "http://127.0.0.1:" + port);
      builder.environment().put("BMP_ADMIN_PASSWORD", "Examples-pass-1");
      Process run = builder.start();
      assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
      String out = java.nio.file.Files.readString(dir.resolve("out.txt"));
      assertThat(run.exitValue()).as(out).isZero();
      assertThat(out).contains("admin")
          .contains("\"imported\":2")
          .contains("SN100")
          .containsPattern("\\n(pending|running)\\n") // the shelve task, read just after it was created
          .contains("available").contains("{\"items\":[]")
          .contains("\"code\":\"INVALID_ARGUMENT\"").contains("\"field\":\"pageSize\"")
          .contains("请登录")
          .contains("task task-");
    } finally {
      node.stop().await();
      Files.deleteTree(dir);
    }
  }
}
