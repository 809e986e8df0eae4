package io.bmp.driver;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Runs one BMC's calls one after another: a BMC's session carries one request at a time, and two
 * concurrent power commands to one machine are a bug waiting to happen. Confined to one event loop.
 */
public final class SerialQueue {

  private Future<?> tail = Future.succeededFuture();
  private int queued;

  public <T> Future<T> submit(Supplier<Future<T>> work) {
    queued++;
    Future<T> result = tail.transform(previous -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    tail = result.andThen(done -> queued--);
    return result;
  }

  /** Calls submitted and not yet finished. */
  public int queued() {
    return queued;
  }
}
