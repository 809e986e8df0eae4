package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.bus.Bus;
import io.bmp.core.contract.ComponentHealth;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.HealthContract;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.DatabaseConfig;
import io.bmp.core.testing.DatabaseKind;
import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The smoke suite split across two clustered JVMs on loopback: central (api, scheduler,
 * pronoea, monitor-proxy on the real MariaDB and Redis, and the image origin) in this JVM, and a room node "r1"
 * (driver, dhcp, tftp, image) started as its own process from the packaged room descriptor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusteredSmokeTest extends EventBusSmokeSuite {

  Path dir;
  Node central;
  ChildNode room;
  int apiPort;
  int originPort;
  JsonObject database;

  static final String ORIGIN_TOKEN = "origin-upload-token-for-tests";

  @BeforeAll
  void startCluster() throws Exception {
    dir = java.nio.file.Files.createTempDirectory("bmp-cluster-");
    String clusterName = "bmp-test-" + UUID.randomUUID();
    int basePort = Ports.freeRange(20);
    Map<String, String> clusterEnv = TestDescriptors.clusterEnv(clusterName, basePort);
    apiPort = Ports.free();
    originPort = Ports.free();
    database = DatabaseKind.MARIADB.freshConfig(dir);
    central = Node.start(TestDescriptors.central(clusterEnv, database, dir.resolve("central"), apiPort, originPort,
        ORIGIN_TOKEN)).await();

    Map<String, String> roomEnv = new HashMap<>(clusterEnv);
    roomEnv.put("BMP_NODE_NAME", "room-r1");
    roomEnv.putAll(TestDescriptors.NETBOOT_ON_FREE_PORTS);
    roomEnv.put("BMP_IMAGE_ORIGIN", "http://127.0.0.1:" + originPort);
    room = ChildNode.start(dir.resolve("room"), roomEnv, "--conf", "room", "--room", ROOM, "--data", dir.resolve("room-data").toString());
    awaitRoom();
  }

  /**
   * The room is up once its driver answers (NO_HANDLERS until then, so poll) and it has logged
   * NODE-UP: the driver is deployed first, the image server's instances last.
   */
  private void awaitRoom() {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      try {
        Bus.request(central.vertx(), DriverContract.endpoint(ROOM), HealthContract.HEALTH, null, ComponentHealth.class).await();
        if (!room.stdout().contains("NODE-UP")) {
          throw new BmpException(io.bmp.core.error.ErrorCode.ROOM_UNAVAILABLE, "still deploying");
        }
        return;
      } catch (BmpException notYet) {
        if (!room.process.isAlive()) {
          throw new AssertionError("the room node exited: " + room.stderr() + room.stdout());
        }
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("the room node did not come up: " + room.stdout());
        }
        pause(200);
      }
    }
  }

  @AfterAll
  void stopCluster() {
    if (room != null) {
      room.close();
    }
    if (central != null) {
      central.stop().await();
    }
    if (database != null) {
      DatabaseKind.dropMariaDb(database.getString("name"));
    }
    Files.deleteTree(dir);
  }

  @Override
  Vertx central() {
    return central.vertx();
  }

  @Override
  int apiPort() {
    return apiPort;
  }

  @Override
  int expectedNodes() {
    return 2;
  }

  @Test
  @Order(1)
  void theRoomNodeLogsOneLineSayingWhatItServes() {
    assertThat(room.stdout()).containsOnlyOnce("NODE-UP")
        // the image server runs one instance per CPU: "image" on one CPU, "imagex2" on two…
        .containsPattern("node=room-r1 room=r1 serves \\[driver, dhcp, tftp, image(x\\d+)?\\] cluster=bmp-test-")
        .contains("database=none");
  }

  @Test
  @Order(2)
  void theRoomsImageStorePullsWhatItLacksFromCentralsOrigin() throws Exception {
    byte[] image = new byte[3 * 1024 * 1024];
    new Random(5).nextBytes(image);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    HttpClient http = HttpClient.newHttpClient();
    // GIVEN a file uploaded into central's store (the packaged central shape runs the origin)
    var put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + originPort + "/img-smoke/disk.raw"))
        .header("Authorization", "Bearer " + ORIGIN_TOKEN).header("X-Checksum-Sha256", sha256)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    // WHEN an agent of room r1 asks the room's own image server for it
    Matcher listening = Pattern.compile("IMAGE-LISTENING room=r1 address=127\\.0\\.0\\.1:(\\d+)")
        .matcher(room.stdout());
    assertThat(listening.find()).as(room.stdout()).isTrue();
    var got = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + listening.group(1) + "/img-smoke/disk.raw")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    // THEN the room fetched it from central, verified, and serves the same bytes
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(image);
    assertThat(got.headers().firstValue("X-Checksum-Sha256")).hasValue(sha256);
    assertThat(room.stdout()).contains("IMAGE-PULLED file=img-smoke/disk.raw from=http://127.0.0.1:" + originPort);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aRoomLeavesCleanlyOnSigtermAndCentralKeepsServing() throws Exception {
    // WHEN the room node gets SIGTERM
    assertThat(room.terminate(60)).as("exit code").isZero();
    assertThat(room.stdout()).contains("NODE-DOWN node=room-r1 left cleanly");
    // THEN central answers requests to r1 with a named error, not a hang
    assertThatThrownBy(() -> Bus.request(central.vertx(), DriverContract.endpoint(ROOM), HealthContract.HEALTH, null,
            ComponentHealth.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_UNAVAILABLE));
    // AND central itself stays healthy, alone in the cluster
    JsonObject health = getHealth();
    assertThat(health.getInteger("httpStatus")).isEqualTo(200);
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getJsonArray("nodes")).hasSize(1);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
