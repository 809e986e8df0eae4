package io.bmp.driver;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The room's cap on BMC calls in flight: BMCs fall over under bursts (peers.md §4), and a room
 * behind one management switch should not open a thousand sessions at once. Waiters are served in
 * arrival order. Confined to the driver verticle's event loop.
 */
public final class Budget {

  private final int capacity;
  private int inFlight;
  private int peak;
  private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();

  public Budget(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("budget must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Runs {@code work} once a slot is free and frees the slot when it ends, however it ends. */
  public <T> Future<T> run(Supplier<Future<T>> work) {
    return acquire().compose(v -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.andThen(done -> release());
    });
  }

  public int inFlight() {
    return inFlight;
  }

  public int waiting() {
    return waiting.size();
  }

  /** The most calls that were ever in flight at once. */
  public int peak() {
    return peak;
  }

  private Future<Void> acquire() {
    if (inFlight < capacity) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  private void release() {
    Promise<Void> next = waiting.poll();
    if (next != null) {
      next.complete(); // the slot passes straight to the next waiter
    } else {
      inFlight--;
    }
  }
}
