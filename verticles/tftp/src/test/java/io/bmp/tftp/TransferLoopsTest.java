package io.bmp.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transfers' own event loops: the spin-then-sleep strategy (spins find I/O, fail, back off and
 * recover), and the loops themselves on epoll (contexts on threads of their own that run tasks and
 * timers) or, with no spin, Vert.x's loops.
 */
class TransferLoopsTest {

  /** A fake {@code epoll_wait(0)}: answers from a script, then 0; counts its calls. */
  static final class Polls implements io.netty.util.IntSupplier {
    final Deque<Integer> script = new ArrayDeque<>();
    int calls;

    @Override
    public int get() {
      calls++;
      return script.isEmpty() ? 0 : script.poll();
    }
  }

  @Test
  void pendingTasksPollOnceWithoutSpinning() throws Exception {
    var strategy = new TransferLoops.SpinThenSleep(TimeUnit.MILLISECONDS.toNanos(5));
    Polls polls = new Polls();
    assertThat(strategy.calculateStrategy(polls, true)).isZero();
    assertThat(polls.calls).isEqualTo(1);
  }

  @Test
  void aSpinReturnsTheEventsItFinds() throws Exception {
    var strategy = new TransferLoops.SpinThenSleep(TimeUnit.SECONDS.toNanos(5));
    Polls polls = new Polls();
    polls.script.addAll(java.util.List.of(0, 0, 3));
    assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(3);
    assertThat(polls.calls).isEqualTo(3);
  }

  @Test
  void spinsThatFindNothingBackOffAndASuccessResetsThem() throws Exception {
    var strategy = new TransferLoops.SpinThenSleep(TimeUnit.MICROSECONDS.toNanos(200));
    Polls polls = new Polls();
    // First failure: sleep, then 1 sleep without a spin. Second: 3 without. Third: 7 without.
    int[] skipsAfterFailure = {1, 3, 7};
    for (int skips : skipsAfterFailure) {
      assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
      assertThat(polls.calls).as("a spin polls until its time is up").isGreaterThan(1);
      for (int i = 0; i < skips; i++) {
        polls.calls = 0;
        assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls.calls).as("sleep %d of %d after a failed spin: no poll", i + 1, skips).isZero();
      }
      polls.calls = 0;
    }
    polls.script.add(2);
    assertThat(strategy.calculateStrategy(polls, false)).as("the next spin finds I/O").isEqualTo(2);
    polls.calls = 0;
    assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls.calls).isGreaterThan(1);
    polls.calls = 0;
    assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls.calls).as("after the reset, one failure skips one spin again").isZero();
    assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls.calls).isGreaterThan(1);
  }

  @Test
  void onEpollTheTransfersGetSpinningLoopsOfTheirOwn() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    try {
      assertThat(vertx.isNativeTransportEnabled()).as("epoll transport").isTrue();
      TransferLoops loops = TransferLoops.create(vertx, 2, 50);
      assertThat(loops.spinning()).isTrue();
      assertThat(loops.size()).isEqualTo(2);
      ContextInternal first = loops.next();
      ContextInternal second = loops.next();
      assertThat(loops.next()).as("round robin").isSameAs(first);
      assertThat(second.nettyEventLoop()).isNotSameAs(first.nettyEventLoop());
      for (ContextInternal context : new ContextInternal[] {first, second}) {
        Promise<String> ran = Promise.promise();
        context.runOnContext(v -> context.setTimer(5, id -> ran.complete(Thread.currentThread().getName())));
        assertThat(ran.future().await(10, TimeUnit.SECONDS)).startsWith("bmp-tftp-transfer-");
      }
      loops.close().await(10, TimeUnit.SECONDS);
      assertThat(first.nettyEventLoop().isShutdown()).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void withoutSpinTheTransfersShareVertxLoops() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    try {
      TransferLoops loops = TransferLoops.create(vertx, 2, 0);
      assertThat(loops.spinning()).isFalse();
      Promise<String> ran = Promise.promise();
      loops.next().runOnContext(v -> ran.complete(Thread.currentThread().getName()));
      assertThat(ran.future().await(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop-thread-");
      assertThat(loops.close().await(10, TimeUnit.SECONDS)).isNull();
    } finally {
      vertx.close().await();
    }
  }
}
