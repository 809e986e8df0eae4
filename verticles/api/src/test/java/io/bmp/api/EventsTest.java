package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.ApiContract;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The consoles' live view: {@code GET /v1/events} as Server-Sent Events, and who may follow what. */
class EventsTest extends ApiTestBase {

  private void publish(String instanceId, String deviceId, String taskId, int ordinal) {
    vertx.eventBus().publish(ApiContract.EVENTS, new JsonObject().put("type", "step").put("taskId", taskId)
        .put("kind", "install").put("instanceId", instanceId).put("deviceId", deviceId).put("ordinal", ordinal)
        .put("step", "agent.writeImage").put("state", "running").put("done", 1024).put("total", 4096));
  }

  @Test
  void aTenantFollowsItsOwnInstanceAndNothingElse() throws Exception {
    Stock stock = stock(2);
    ApiClient user = newUser("User");
    JsonObject mine = user.post("/v1/instances", stock.create("live", 1)).json().getJsonArray("items").getJsonObject(0);
    JsonObject other = newUser("User").post("/v1/instances", stock.create("other", 1)).json()
        .getJsonArray("items").getJsonObject(0);

    ApiClient.Stream stream = user.stream(streams, "/v1/events?instanceId=" + mine.getString("id"));
    try {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.headers().get("Cache-Control")).isEqualTo("no-store");
      publish(other.getString("id"), other.getString("deviceId"), "task-of-other", 3);
      publish(mine.getString("id"), mine.getString("deviceId"), "task-of-mine", 7);
      String text = stream.readUntil("task-of-mine");
      assertThat(text).startsWith("retry: 2000\n");
      assertThat(text).contains("event: step\ndata: {").doesNotContain("task-of-other");
      String data = text.substring(text.indexOf("data: ") + 6, text.indexOf("\n\n", text.indexOf("data: ")));
      JsonObject event = new JsonObject(data);
      assertThat(event.getString("instanceId")).isEqualTo(mine.getString("id"));
      assertThat(event.getInteger("ordinal")).isEqualTo(7);
      assertThat(event.getLong("done")).isEqualTo(1024);
    } finally {
      stream.close();
    }
  }

  @Test
  void tenantsMustNameAnInstanceTheyMayReadAndMayNotFollowDevices() {
    Stock stock = stock(1);
    ApiClient a = newUser("User");
    JsonObject instance = a.post("/v1/instances", stock.create("aa", 1)).json().getJsonArray("items").getJsonObject(0);
    ApiClient b = newUser("User");

    ApiClient.Response unnamed = a.get("/v1/events");
    assertThat(unnamed.status()).isEqualTo(400);
    assertThat(unnamed.errorCode()).isEqualTo("INVALID_ARGUMENT");
    ApiClient.Response device = a.get("/v1/events?deviceId=" + instance.getString("deviceId"));
    assertThat(device.status()).isEqualTo(403);
    ApiClient.Response foreign = b.get("/v1/events?instanceId=" + instance.getString("id"));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(anonymous.get("/v1/events").status()).isEqualTo(401);
  }

  @Test
  void operatorsFollowEverythingOrOneDevice() throws Exception {
    ApiClient operator = newUser("Operator");
    ApiClient.Stream all = operator.stream(streams, "/v1/events");
    ApiClient.Stream one = operator.stream(streams, "/v1/events?deviceId=dev-b");
    try {
      assertThat(all.status()).isEqualTo(200);
      publish("i-a", "dev-a", "task-a", 1);
      publish("i-b", "dev-b", "task-b", 2);
      String everything = all.readUntil("task-b");
      assertThat(everything).contains("task-a").contains("task-b");
      String filtered = one.readUntil("task-b");
      assertThat(filtered).contains("task-b").doesNotContain("task-a");
    } finally {
      all.close();
      one.close();
    }
  }
}
