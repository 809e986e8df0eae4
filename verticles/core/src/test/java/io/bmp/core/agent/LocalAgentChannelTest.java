package io.bmp.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The agent channel suite on the in-process channel of all-in-one, and what only it does: it holds
 * nothing durably, so a report counts as taken only once the scheduler's handler has recorded it
 * (the agent keeps re-sending until then).
 */
class LocalAgentChannelTest extends AgentChannelSuite {

  @Override
  AgentChannel open(Vertx vertx) {
    return new LocalAgentChannel(vertx);
  }

  @Test
  void aReportIsTakenOnlyOnceTheHandlerHasRecordedIt() {
    List<String> recorded = new CopyOnWriteArrayList<>();
    Promise<Void> slow = Promise.promise();
    channel.onReports(report -> {
      recorded.add(report.commandId());
      return report.commandId().equals("slow") ? slow.future() : Future.succeededFuture();
    });
    channel.report(Report.succeeded(device, "fast", new JsonObject())).await();
    assertThat(recorded).contains("fast");
    Future<Void> pending = channel.report(Report.succeeded(device, "slow", new JsonObject()));
    assertThat(pending.isComplete()).as("not taken while the handler has not recorded it").isFalse();
    slow.complete();
    pending.await();
    assertThat(recorded).containsExactly("fast", "slow");
  }
}
