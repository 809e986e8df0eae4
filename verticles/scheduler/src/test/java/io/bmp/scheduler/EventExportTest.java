package io.bmp.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events the task runner hands over reach a RabbitMQ topic exchange (the real broker on 127.0.0.1:5672) under routing keys one can bind to. */
class EventExportTest {

  static final String URI = "amqp://guest:guest@127.0.0.1:5672";
  Vertx vertx;
  RabbitMQClient reader;
  EventExport export;
  String exchange;
  String queue;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    exchange = "bmp-test.events." + System.nanoTime();
    queue = exchange + ".installs";
    export = EventExport.start(vertx, new JsonObject().put("uri", URI).put("exchange", exchange)).await();
    reader = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(URI));
    reader.start().await();
    reader.queueDeclare(queue, false, true, true).await();
    reader.queueBind(queue, exchange, "task.install.*").await();
  }

  @AfterEach
  void tearDown() {
    reader.queueDelete(queue).otherwiseEmpty().await();
    reader.exchangeDelete(exchange).otherwiseEmpty().await();
    reader.stop().await();
    export.stop().await();
    vertx.close().await();
  }

  @Test
  void aTaskEventArrivesUnderItsRoutingKeyAndOthersDoNot() throws Exception {
    export.publish(new JsonObject().put("type", "step").put("kind", "install")
        .put("step", "agent.write-image").put("state", "running"));
    export.publish(new JsonObject().put("type", "task").put("kind", "delete")
        .put("state", "succeeded"));
    export.publish(new JsonObject().put("type", "task").put("taskId", "task-1")
        .put("kind", "install").put("state", "succeeded"));

    RabbitMQMessage message = null;
    long deadline = System.currentTimeMillis() + 10_000;
    while (message == null && System.currentTimeMillis() < deadline) {
      message = reader.basicGet(queue, true).await();
      if (message == null) {
        Thread.sleep(50);
      }
    }

    assertThat(message).as("the install's task event").isNotNull();
    assertThat(message.envelope().getRoutingKey()).isEqualTo("task.install.succeeded");
    assertThat(new JsonObject(message.body()).getString("taskId")).isEqualTo("task-1");
    assertThat(reader.basicGet(queue, true).await()).as("the step and the delete were not bound").isNull();
  }

  @Test
  void routingKeysNameTheTaskKindTheStepAndTheState() {
    assertThat(EventExport.routingKey(new JsonObject().put("type", "step").put("kind", "install")
        .put("step", "agent.write-image").put("state", "running"))).isEqualTo("step.install.agent.write-image.running");
    assertThat(EventExport.routingKey(new JsonObject().put("type", "task").put("kind", "power_on")
        .put("state", "failed"))).isEqualTo("task.power_on.failed");
  }
}
