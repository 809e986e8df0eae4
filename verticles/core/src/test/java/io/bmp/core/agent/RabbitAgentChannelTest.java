package io.bmp.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent channel suite on the real RabbitMQ at 127.0.0.1:5672, each test with queues of its own
 * (removed afterwards), and what only a broker does: commands and reports outlive the process that
 * queued them, and a report the scheduler refuses is kept in the dead-letter queue.
 */
class RabbitAgentChannelTest extends AgentChannelSuite {

  static final String URI = "amqp://guest:guest@127.0.0.1:5672";
  String prefix;

  @Override
  AgentChannel open(Vertx vertx) {
    if (prefix == null) {
      prefix = "bmp-test." + System.nanoTime();
    }
    return RabbitAgentChannel.open(vertx, new RabbitAgentChannel.Settings(URI, prefix, 50)).await();
  }

  @AfterEach
  void removeQueues() {
    ((RabbitAgentChannel) channel).deleteQueues(device, device + "-other").await();
  }

  @Test
  void aQueuedCommandOutlivesTheProcessThatQueuedIt() {
    channel.send(command("durable")).await();
    channel.close().await();

    channel = open(vertx);
    AgentChannel.Delivery delivery = channel.next(device, 2000).await();

    assertThat(delivery.command().id()).isEqualTo("durable");
    delivery.ack();
  }

  @Test
  void aReportInHandWhenTheSchedulerStopsIsDeliveredAgainAfterItsRestart() {
    List<String> first = new CopyOnWriteArrayList<>();
    channel.onReports(report -> {
      first.add(report.commandId());
      return Promise.<Void>promise().future(); // never recorded: the scheduler dies holding it
    });
    channel.report(Report.succeeded(device, "in-hand", new JsonObject())).await();
    waitUntil(() -> first.contains("in-hand"));
    channel.close().await();

    channel = open(vertx);
    List<String> again = new CopyOnWriteArrayList<>();
    channel.onReports(report -> {
      again.add(report.commandId());
      return Future.succeededFuture();
    });
    waitUntil(() -> again.contains("in-hand"));
  }

  @Test
  void aReportTheSchedulerCannotTakeIsSetAsideInTheDeadLetterQueue() {
    channel.onReports(report -> Future.failedFuture(new IllegalStateException("poison")));
    channel.report(Report.failed(device, "poison", "AGENT_FAILED", "bad")).await();

    RabbitAgentChannel rabbit = (RabbitAgentChannel) channel;
    JsonObject[] dead = new JsonObject[1];
    waitUntil(() -> (dead[0] = rabbit.nextDead().await()) != null);
    assertThat(dead[0].getString("commandId")).isEqualTo("poison");
    assertThat(dead[0].getString("device")).isEqualTo(device);
  }
}
