package io.bmp.tftp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.IntSupplier;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops TFTP transfers run on.
 *
 * <p>A lock-step transfer (windowsize 1, what BIOS PXE ROMs and most UEFI firmware do) is a
 * ping-pong: the next block leaves only when the client's ACK has come back, so the time a block
 * takes is the round trip, and most of that was the event loop falling asleep in {@code epoll_wait}
 * and being woken again for the ACK (a context switch and, between cores, an interrupt; a profile of
 * one transfer showed them as a third of the server's time). On Netty's epoll transport the
 * transfers therefore get loops of their own that, after handling I/O, poll their sockets for a
 * short while ({@code spinMicros}) before they sleep, as Linux's {@code SO_BUSY_POLL} does for
 * NIC queues. The spin is bounded, stops at once when work arrives, and backs off when it keeps
 * finding nothing, so an idle server costs next to nothing.
 *
 * <p>With {@code spinMicros} 0, or on NIO, the transfers use Vert.x's own event loops.
 */
final class TransferLoops {

  private final ContextInternal[] contexts;
  private final EventLoopGroup group;
  private int next;

  private TransferLoops(ContextInternal[] contexts, EventLoopGroup group) {
    this.contexts = contexts;
    this.group = group;
  }

  static TransferLoops create(Vertx vertx, int count, int spinMicros) {
    VertxInternal internal = (VertxInternal) vertx;
    ContextInternal[] contexts = new ContextInternal[count];
    // The transfers' channels come from Vert.x's transport: the loops must be of the same kind.
    DatagramChannel probe = internal.transport().datagramChannel();
    boolean epoll = probe instanceof EpollDatagramChannel && Epoll.isAvailable();
    probe.unsafe().closeForcibly(); // never registered: its socket is closed here
    if (spinMicros <= 0 || !epoll) {
      for (int i = 0; i < count; i++) {
        contexts[i] = internal.createEventLoopContext(); // each on the next event loop of the pool
      }
      return new TransferLoops(contexts, null);
    }
    long spinNanos = TimeUnit.MICROSECONDS.toNanos(spinMicros);
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory threadFactory = task -> VertxThreadFactory.INSTANCE.newVertxThread(task,
        "bmp-tftp-transfer-" + threads.getAndIncrement(), false, 2, TimeUnit.SECONDS);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(count, threadFactory,
        EpollIoHandler.newFactory(0, () -> new SpinThenSleep(spinNanos)));
    for (int i = 0; i < count; i++) {
      contexts[i] = internal.contextBuilder().withEventLoop(group.next()).build();
    }
    return new TransferLoops(contexts, group);
  }

  /** The context of the next transfer, round robin. */
  ContextInternal next() {
    return contexts[Math.floorMod(next++, contexts.length)];
  }

  int size() {
    return contexts.length;
  }

  boolean spinning() {
    return group != null;
  }

  Future<Void> close() {
    if (group == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(done -> closed.complete());
    return closed.future();
  }

  /**
   * Polls the loop's sockets (epoll_wait with no timeout) for up to the spin time before letting it
   * sleep. Tasks and timers that fall due meanwhile run when the spin ends (other threads do not wake
   * a loop that is not asleep), which is why the spin is capped at a millisecond. Spins that find nothing make the next ones rarer (after k failures in a row, the next
   * 2^k − 1 sleeps come without a spin, k at most 6); one that finds I/O resets that. A ping-pong
   * keeps spinning; traffic slower than the spin, or none, soon costs almost nothing.
   */
  static final class SpinThenSleep implements SelectStrategy {
    private static final int MAX_BACKOFF = 6;
    private final long spinNanos;
    private int failures;
    private int skip;

    SpinThenSleep(long spinNanos) {
      this.spinNanos = spinNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
      if (hasTasks) {
        return selectNow.get();
      }
      if (skip > 0) {
        skip--;
        return SELECT;
      }
      long end = System.nanoTime() + spinNanos;
      do {
        int ready = selectNow.get();
        if (ready > 0) {
          failures = 0;
          return ready;
        }
        Thread.onSpinWait();
      } while (System.nanoTime() - end < 0);
      failures = Math.min(failures + 1, MAX_BACKOFF);
      skip = (1 << failures) - 1;
      return SELECT;
    }
  }
}
