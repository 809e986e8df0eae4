package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.node.NodeResources;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.testing.DatabaseKind;
import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that a database that goes away while the node runs makes /health report it with 503,
 * that requests needing it fail with DATABASE_UNAVAILABLE (HTTP 503), and that the node recovers
 * by itself when the database returns, without a restart.
 */
@Timeout(120)
class DatabaseOutageTest {

  Vertx proxyVertx = Vertx.vertx();
  Node node;
  Path dir;
  String databaseName;

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.stop().await();
    }
    proxyVertx.close().await();
    if (databaseName != null) {
      DatabaseKind.dropMariaDb(databaseName);
    }
    Files.deleteTree(dir);
  }

  @Test
  void healthAndRequestsFollowTheDatabaseDownAndBackUp() throws Exception {
    // GIVEN a node whose MariaDB is reached through a relay we control
    dir = java.nio.file.Files.createTempDirectory("bmp-outage-");
    int proxyPort = Ports.free();
    TcpProxy proxy = new TcpProxy(proxyVertx, proxyPort, DatabaseKind.MARIADB_HOST, DatabaseKind.MARIADB_PORT);
    proxy.start().await();
    JsonObject database = DatabaseKind.MARIADB.freshConfig(dir).put("port", proxyPort).put("connectTimeoutMillis", 1000);
    databaseName = database.getString("name");
    int apiPort = Ports.free();
    Descriptor descriptor = Descriptor.load(null)
        .resolve(Map.of("BMP_API_PORT", String.valueOf(apiPort), "BMP_API_HOST", "127.0.0.1",
            "BMP_VERTICLES", "api,scheduler", "BMP_API_OPERATOR_PORT", "0"), "r1", dir.toString());
    descriptor.json().put("database", database);
    node = Node.start(descriptor).await();
    RoomRepository rooms = new RoomRepository(NodeResources.of(node.vertx()).database("test"));
    assertThat(health(apiPort).statusCode()).isEqualTo(200);
    assertThat(rooms.list().await()).isEmpty();

    // WHEN the database goes away
    proxy.cut().await();

    // THEN /health answers 503 and names the database, and a request needing it is a 503 error
    HttpResponse<Buffer> down = health(apiPort);
    assertThat(down.statusCode()).isEqualTo(503);
    JsonObject body = down.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.encode()).contains("\"id\":\"database\",\"status\":\"DOWN\"");
    assertThatThrownBy(() -> rooms.list().await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
          assertThat(e.code().httpStatus()).isEqualTo(503);
        });

    // WHEN the database comes back on the same address
    new TcpProxy(proxyVertx, proxyPort, DatabaseKind.MARIADB_HOST, DatabaseKind.MARIADB_PORT).start().await();

    // THEN the node recovers by itself
    long deadline = System.currentTimeMillis() + 30_000;
    int status;
    do {
      Thread.sleep(200);
      status = health(apiPort).statusCode();
    } while (status != 200 && System.currentTimeMillis() < deadline);
    assertThat(status).isEqualTo(200);
    assertThat(rooms.list().await()).isEmpty();
  }

  private HttpResponse<Buffer> health(int port) {
    WebClient client = WebClient.create(proxyVertx);
    try {
      return client.get(port, "127.0.0.1", "/health").send().await();
    } finally {
      client.close();
    }
  }
}
