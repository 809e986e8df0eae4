package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.bus.Bus;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.ComponentHealth;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.HealthContract;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The event-bus smoke suite, written once and run in both deployment shapes: every verticle in
 * one local Vert.x ({@link LocalSmokeTest}), and a central node plus a room node "r1" in two
 * clustered JVMs ({@link ClusteredSmokeTest}). Requests go from the central side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class EventBusSmokeSuite {

  static final String ROOM = "r1";

  /** The Vert.x from which requests are sent (central's). */
  abstract Vertx central();

  /** Port of central's api verticle. */
  abstract int apiPort();

  /** How many nodes /health must list. */
  abstract int expectedNodes();

  @Test
  void aRequestFromCentralReachesTheDriverOfTheRoomAndItsReplyReturns() {
    // GIVEN the room r1 is up WHEN central asks the driver of r1 for its health
    ComponentHealth reply = Bus.request(central(), DriverContract.endpoint(ROOM), HealthContract.HEALTH, null,
        ComponentHealth.class).await();
    // THEN the driver of r1 itself answers, as a typed record
    assertThat(reply.component()).isEqualTo("driver");
    assertThat(reply.room()).isEqualTo(ROOM);
    assertThat(reply.up()).isTrue();
  }

  @Test
  void everyComponentAnswersOnItsContractAddress() {
    for (Component component : Component.values()) {
      ComponentHealth reply = Bus.request(central(), component.endpoint(ROOM), HealthContract.HEALTH, null,
          ComponentHealth.class).await();
      assertThat(reply.component()).isEqualTo(component.id());
      assertThat(reply.room()).isEqualTo(component.scope() == Component.Scope.ROOM ? ROOM : null);
    }
  }

  @Test
  void aRequestToARoomThatIsNotUpFailsFastWithRoomUnavailable() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Bus.request(central(), DriverContract.endpoint("r2"), HealthContract.HEALTH, null,
            ComponentHealth.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ROOM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("room r2");
        });
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
  }

  @Test
  void healthListsEveryVerticleOfEveryNode() {
    JsonObject health = getHealth();
    assertThat(health.getString("status")).isEqualTo("UP");
    JsonArray nodes = health.getJsonArray("nodes");
    assertThat(nodes).hasSize(expectedNodes());
    Set<String> checks = new HashSet<>();
    for (Object node : nodes) {
      JsonObject n = (JsonObject) node;
      assertThat(n.getString("status")).as(n.encode()).isEqualTo("UP");
      n.getJsonArray("checks").forEach(c -> checks.add(((JsonObject) c).getString("id")));
    }
    for (Component component : Component.values()) {
      assertThat(checks).contains(component.id());
    }
    assertThat(checks).contains("database", "cache");
  }

  JsonObject getHealth() {
    WebClient client = WebClient.create(central());
    try {
      HttpResponse<Buffer> response = client.get(apiPort(), "127.0.0.1", "/health").send().await();
      JsonObject body = response.bodyAsJsonObject();
      body.put("httpStatus", response.statusCode());
      return body;
    } finally {
      client.close();
    }
  }
}
