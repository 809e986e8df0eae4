package io.bmp.core.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes on to another stream (a file of the store, or an upload to the image origin) and
 * hashes them with SHA-256 on the way; refuses, with {@link StoreWriter.TooLarge}, every write past
 * {@code maxBytes}. Back-pressure is the destination's.
 */
public final class HashingStream implements WriteStream<Buffer> {

  private final WriteStream<Buffer> destination;
  private final long maxBytes;
  private final MessageDigest digest;
  private long bytes;
  private StoreWriter.TooLarge tooLarge;

  public HashingStream(WriteStream<Buffer> destination, long maxBytes) {
    this.destination = destination;
    this.maxBytes = maxBytes;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes written so far. */
  public long bytes() {
    return bytes;
  }

  /** The SHA-256 of what was written, in lower-case hex; call once, at the end. */
  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Why writing stopped, if it was the limit; else null. */
  public StoreWriter.TooLarge tooLarge() {
    return tooLarge;
  }

  @Override
  public Future<Void> write(Buffer data) {
    bytes += data.length();
    if (bytes > maxBytes) {
      tooLarge = new StoreWriter.TooLarge(maxBytes);
      return Future.failedFuture(tooLarge);
    }
    digest.update(data.getBytes());
    return destination.write(data);
  }

  @Override
  public Future<Void> end() {
    return destination.end();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    destination.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    destination.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return destination.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    destination.drainHandler(handler);
    return this;
  }
}
