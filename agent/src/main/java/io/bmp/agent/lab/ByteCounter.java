package io.bmp.agent.lab;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A write stream that only counts: where the lab's NICs put the kernel and initrd they load, so that
 * 200 machines booting at once do not hold 200 LiveOS images in the heap.
 */
final class ByteCounter implements WriteStream<Buffer> {

  private long bytes;

  long bytes() {
    return bytes;
  }

  @Override
  public Future<Void> write(Buffer data) {
    bytes += data.length();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
