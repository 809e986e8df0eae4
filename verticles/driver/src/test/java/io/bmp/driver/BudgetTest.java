package io.bmp.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room budget and the per-BMC queue, driven by hand-completed futures. */
class BudgetTest {

  @Test
  void noMoreThanTheBudgetRunAtOnceAndWaitersGoInOrder() {
    Budget budget = new Budget(2);
    List<Promise<Void>> work = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    List<Future<Void>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      results.add(budget.run(() -> {
        started.add(n);
        Promise<Void> p = Promise.promise();
        work.add(p);
        return p.future();
      }));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(budget.inFlight()).isEqualTo(2);
    assertThat(budget.waiting()).isEqualTo(3);
    work.get(1).fail("BMC said no"); // a failure frees its slot too
    assertThat(started).containsExactly(0, 1, 2);
    work.get(0).complete();
    work.get(2).complete();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    work.get(3).complete();
    work.get(4).complete();
    assertThat(budget.inFlight()).isZero();
    assertThat(budget.peak()).isEqualTo(2);
    assertThat(results.get(1).failed()).isTrue();
  }

  @Test
  void aBmcsCallsRunOneAfterAnother() {
    SerialQueue queue = new SerialQueue();
    List<Promise<String>> work = new ArrayList<>();
    Future<String> first = queue.submit(() -> {
      Promise<String> p = Promise.promise();
      work.add(p);
      return p.future();
    });
    Future<String> second = queue.submit(() -> Future.succeededFuture("second ran"));
    assertThat(second.isComplete()).as("waits for the first").isFalse();
    assertThat(queue.queued()).isEqualTo(2);
    work.get(0).fail("first failed");
    assertThat(first.failed()).isTrue();
    assertThat(second.result()).isEqualTo("second ran");
    assertThat(queue.queued()).isZero();
  }
}
