package io.bmp.launcher;

import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The smoke suite with every verticle in one non-clustered Vert.x (the all-in-one shape, on H2). */
class LocalSmokeTest extends EventBusSmokeSuite {

  Path dataDir;
  Node node;
  int apiPort;

  @BeforeAll
  void startNode() throws Exception {
    dataDir = java.nio.file.Files.createTempDirectory("bmp-local-");
    apiPort = Ports.free();
    node = Node.start(TestDescriptors.allInOne(ROOM, dataDir, apiPort)).await();
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.stop().await();
    }
    Files.deleteTree(dataDir);
  }

  @org.junit.jupiter.api.Test
  void metricsAreServedAsPrometheusText() {
    getHealth();
    var client = io.vertx.ext.web.client.WebClient.create(node.vertx());
    try {
      var response = client.get(apiPort, "127.0.0.1", "/metrics").send().await();
      org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
      // Vert.x's own HTTP server metrics, counting the /health request made above, and JVM metrics.
      org.assertj.core.api.Assertions.assertThat(response.bodyAsString())
          .contains("vertx_http_server_requests_total").contains("route=\"/health\"").contains("jvm_memory_used_bytes");
    } finally {
      client.close();
    }
  }

  @org.junit.jupiter.api.Test
  void anUnknownPathGetsTheErrorBodyWithTheRequestId() {
    var client = io.vertx.ext.web.client.WebClient.create(node.vertx());
    try {
      var response = client.get(apiPort, "127.0.0.1", "/nope").putHeader("X-Request-Id", "req-42").send().await();
      org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(404);
      org.assertj.core.api.Assertions.assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-42");
      var body = response.bodyAsJsonObject();
      org.assertj.core.api.Assertions.assertThat(body.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
      org.assertj.core.api.Assertions.assertThat(body.getString("requestId")).isEqualTo("req-42");
    } finally {
      client.close();
    }
  }

  @Override
  Vertx central() {
    return node.vertx();
  }

  @Override
  int apiPort() {
    return apiPort;
  }

  @Override
  int expectedNodes() {
    return 1;
  }
}
