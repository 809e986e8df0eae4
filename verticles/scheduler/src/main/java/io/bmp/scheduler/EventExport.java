package io.bmp.scheduler;

import com.rabbitmq.client.AMQP;
import io.bmp.core.contract.ApiContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the scheduler's task and step events (the ones the consoles get on {@link ApiContract#EVENTS})
 * to a durable RabbitMQ topic exchange for integrations: routing key {@code task.<kind>.<state>}
 * (e.g. {@code task.install.succeeded}) or {@code step.<kind>.<step>.<state>} (e.g.
 * {@code step.install.agent.write-image.running}), the event's JSON as the body. Best effort, like
 * the consoles' feed: the tasks' records in the database stay the truth.
 *
 * <pre>"events": { "uri": "amqp://user:password@host:5672", "exchange": "bmp.events" }</pre>
 * in the scheduler's config; without it nothing is exported.
 */
final class EventExport {

  private static final Logger LOG = LoggerFactory.getLogger(EventExport.class);

  private final RabbitMQClient client;
  private final String exchange;

  private EventExport(RabbitMQClient client, String exchange) {
    this.client = client;
    this.exchange = exchange;
  }

  /** Starts exporting, or does nothing (null) without an {@code events} section with a URI. */
  static Future<EventExport> start(Vertx vertx, JsonObject section) {
    if (section == null || section.getString("uri", "").isBlank()) {
      return Future.succeededFuture(null);
    }
    String exchange = section.getString("exchange", "bmp.events");
    RabbitMQClient client = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(section.getString("uri"))
        .setAutomaticRecoveryEnabled(true).setReconnectAttempts(Integer.MAX_VALUE).setReconnectInterval(2000)
        .setConnectionName("bmp-events"));
    EventExport export = new EventExport(client, exchange);
    return client.start()
        .compose(v -> client.exchangeDeclare(exchange, "topic", true, false))
        .map(v -> {
          LOG.info("EVENTS exported to RabbitMQ topic exchange {}", exchange);
          return export;
        });
  }

  static String routingKey(JsonObject event) {
    String type = event.getString("type", "event");
    String key = type.equals("step")
        ? "step." + event.getString("kind") + "." + event.getString("step") + "." + event.getString("state")
        : type + "." + event.getString("kind") + "." + event.getString("state");
    return key.toLowerCase(Locale.ROOT);
  }

  /** Called by the task runner with each event it publishes for the consoles: once per event, however many listen. */
  void publish(JsonObject event) {
    if (event == null || event.getString("kind") == null) {
      return;
    }
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
        .deliveryMode(2).build();
    client.basicPublish(exchange, routingKey(event), properties, event.toBuffer())
        .onFailure(e -> LOG.debug("EVENTS not exported: {}", e.toString()));
  }

  Future<Void> stop() {
    return client.stop().otherwiseEmpty();
  }
}
