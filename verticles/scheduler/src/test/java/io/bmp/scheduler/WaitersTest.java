package io.bmp.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A command whose agent falls silent fails as lost; progress and heartbeats keep it waiting. */
class WaitersTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Waiters waiters = new Waiters(now::get);
  private final List<Report> progress = new ArrayList<>();

  @Test
  void aCommandNotHeardOfForTheSilenceLimitFailsAsLostNamingTheDevice() {
    Future<JsonObject> result = waiters.command("step-1.1", "task-1", "d-1", progress::add);

    now.addAndGet(59_999);
    assertThat(waiters.failSilent(60_000)).isZero();
    assertThat(result.isComplete()).isFalse();

    now.addAndGet(1);
    assertThat(waiters.failSilent(60_000)).isEqualTo(1);
    assertThat(result.failed()).isTrue();
    BmpException lost = (BmpException) result.cause();
    assertThat(lost.code()).isEqualTo(ErrorCode.AGENT_LOST);
    assertThat(lost.getMessage()).contains("d-1").contains("60 s");
    assertThat(waiters.deliver(Report.succeeded("d-1", "step-1.1", new JsonObject())))
        .as("a result after the loss is stale").isFalse();
  }

  @Test
  void heartbeatsKeepACommandAliveWithoutRecordingProgressAndFiguresAreRecorded() {
    Future<JsonObject> result = waiters.command("step-1.1", "task-1", "d-1", progress::add);

    for (int i = 0; i < 5; i++) {
      now.addAndGet(50_000);
      assertThat(waiters.deliver(Report.alive("d-1", "step-1.1"))).isTrue();
      assertThat(waiters.failSilent(60_000)).isZero();
    }
    now.addAndGet(50_000);
    assertThat(waiters.deliver(Report.progress("d-1", "step-1.1", 10, 100, null))).isTrue();
    assertThat(waiters.failSilent(60_000)).isZero();

    assertThat(result.isComplete()).isFalse();
    assertThat(progress).extracting(Report::done).containsExactly(10L);
  }

  @Test
  void aHeartbeatOfAnotherDeviceDoesNotKeepTheCommandAlive() {
    Future<JsonObject> result = waiters.command("step-1.1", "task-1", "d-1", progress::add);

    now.addAndGet(50_000);
    assertThat(waiters.deliver(Report.alive("d-2", "step-1.1"))).isFalse();
    now.addAndGet(10_000);
    waiters.failSilent(60_000);

    assertThat(result.failed()).isTrue();
  }

  @Test
  void onlyTheSilentOneOfTwoCommandsFails() {
    Future<JsonObject> quiet = waiters.command("step-1.1", "task-1", "d-1", progress::add);
    now.addAndGet(30_000);
    Future<JsonObject> busy = waiters.command("step-2.1", "task-2", "d-2", progress::add);
    now.addAndGet(30_000);

    assertThat(waiters.failSilent(60_000)).isEqualTo(1);
    assertThat(quiet.failed()).isTrue();
    assertThat(busy.isComplete()).isFalse();
  }
}
