package io.bmp.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every agent channel does, whatever carries it: one suite, run by a subclass per
 * implementation. Devices are named per test so a durable channel's leftovers never leak in.
 */
abstract class AgentChannelSuite {

  Vertx vertx;
  AgentChannel channel;
  String device;

  abstract AgentChannel open(Vertx vertx);

  @BeforeEach
  void openChannel() {
    vertx = Vertx.vertx();
    channel = open(vertx);
    device = "d-" + System.nanoTime();
  }

  @AfterEach
  void closeChannel() {
    channel.close().await();
    vertx.close().await();
  }

  @Test
  void aCommandSentBeforeTheAgentAsksIsWaitingForIt() {
    channel.send(command("c1")).await();
    AgentChannel.Delivery delivery = channel.next(device, 2000).await();
    assertThat(delivery.command().id()).isEqualTo("c1");
    assertThat(delivery.command().params().getString("n")).isEqualTo("c1");
    delivery.ack();
  }

  @Test
  void anAgentWaitingIsHandedTheCommandWhenItComesAndGetsNothingWhenNoneDoes() {
    Future<AgentChannel.Delivery> waiting = channel.next(device, 5000);
    channel.send(command("c2")).await();
    assertThat(waiting.await().command().id()).isEqualTo("c2");
    assertThat(channel.next(device, 100).await()).as("the wait ends empty").isNull();
  }

  @Test
  void commandsComeInOrderAndAReleasedOneComesBackFirst() {
    channel.send(command("a")).await();
    channel.send(command("b")).await();
    AgentChannel.Delivery first = channel.next(device, 2000).await();
    assertThat(first.command().id()).isEqualTo("a");
    first.release();
    AgentChannel.Delivery again = channel.next(device, 2000).await();
    assertThat(again.command().id()).isEqualTo("a");
    again.ack();
    AgentChannel.Delivery second = channel.next(device, 2000).await();
    assertThat(second.command().id()).isEqualTo("b");
    second.ack();
  }

  @Test
  void aDeviceSeesOnlyItsOwnCommandsAndPurgeDropsThem() {
    channel.send(command("mine")).await();
    assertThat(channel.next(device + "-other", 100).await()).isNull();
    channel.purge(device).await();
    assertThat(channel.next(device, 100).await()).isNull();
  }

  @Test
  void reportsReachTheHandlerInTheOrderTheyWereSent() {
    List<String> recorded = new CopyOnWriteArrayList<>();
    channel.onReports(report -> {
      if (report.device().equals(device)) {
        recorded.add(report.commandId());
      }
      return Future.succeededFuture();
    });
    for (int i = 0; i < 5; i++) {
      channel.report(Report.progress(device, "c" + i, i, 5, null)).await();
    }
    waitUntil(() -> recorded.size() >= 5);
    assertThat(recorded).containsExactly("c0", "c1", "c2", "c3", "c4");
  }

  /** Waits for something the channel does on its own time (a consumer's delivery); never a timing assertion. */
  static void waitUntil(java.util.function.BooleanSupplier done) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("gave up waiting");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  Command command(String id) {
    return new Command(id, device, "inventory", new JsonObject().put("n", id));
  }
}
