package io.bmp.tftp;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes of one transfer. A transfer asks for a range to be {@link #ensure ready} (which may read
 * from disk on a worker thread) and then copies blocks out of it on the event loop.
 */
interface BlockSource extends AutoCloseable {

  long size();

  /** Completes when bytes {@code from}..{@code to} (exclusive) can be copied without I/O. */
  Future<Void> ensure(long from, long to);

  void copy(long offset, int length, byte[] into, int at);

  /** Appends bytes {@code offset}..{@code offset + length} (made ready by {@link #ensure}) to {@code into}. */
  void copy(long offset, int length, ByteBuf into);

  @Override
  void close();

  /** A file or rendered config held whole in memory. */
  static BlockSource of(byte[] bytes) {
    return new BlockSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public Future<Void> ensure(long from, long to) {
        return Future.succeededFuture();
      }

      @Override
      public void copy(long offset, int length, byte[] into, int at) {
        System.arraycopy(bytes, (int) offset, into, at, length);
      }

      @Override
      public void copy(long offset, int length, ByteBuf into) {
        into.writeBytes(bytes, (int) offset, length);
      }

      @Override
      public void close() {
      }
    };
  }

  /**
   * A large file read in 1 MiB chunks on a worker thread, the next chunk fetched as soon as a
   * window enters the current one, at most three chunks held.
   */
  final class Chunked implements BlockSource {
    static final int CHUNK = 1 << 20;

    private final Vertx vertx;
    private final FileChannel channel;
    private final long size;
    private final Map<Long, Future<byte[]>> chunks = new HashMap<>();

    Chunked(Vertx vertx, FileChannel channel, long size) {
      this.vertx = vertx;
      this.channel = channel;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public Future<Void> ensure(long from, long to) {
      long first = from / CHUNK;
      long last = Math.max(first, (to - 1) / CHUNK);
      chunks.keySet().removeIf(index -> index < first - 1 || index > last + 1);
      Future<?>[] needed = new Future<?>[(int) (last - first + 1)];
      for (long index = first; index <= last; index++) {
        needed[(int) (index - first)] = chunk(index);
      }
      if (last + 1 <= (size - 1) / CHUNK) {
        chunk(last + 1); // read ahead
      }
      return Future.all(java.util.List.of(needed)).mapEmpty();
    }

    private Future<byte[]> chunk(long index) {
      return chunks.computeIfAbsent(index, i -> vertx.executeBlocking(() -> read(i), false));
    }

    private byte[] read(long index) throws IOException {
      long start = index * CHUNK;
      int length = (int) Math.min(CHUNK, size - start);
      ByteBuffer buffer = ByteBuffer.allocate(Math.max(length, 0));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, start + buffer.position()) < 0) {
          throw new IOException("the file shrank while it was being sent");
        }
      }
      return buffer.array();
    }

    @Override
    public void copy(long offset, int length, byte[] into, int at) {
      while (length > 0) {
        long index = offset / CHUNK;
        byte[] chunk = chunks.get(index).result();
        int within = (int) (offset - index * CHUNK);
        int n = Math.min(length, chunk.length - within);
        System.arraycopy(chunk, within, into, at, n);
        offset += n;
        at += n;
        length -= n;
      }
    }

    @Override
    public void copy(long offset, int length, ByteBuf into) {
      while (length > 0) {
        long index = offset / CHUNK;
        byte[] chunk = chunks.get(index).result();
        int within = (int) (offset - index * CHUNK);
        int n = Math.min(length, chunk.length - within);
        into.writeBytes(chunk, within, n);
        offset += n;
        length -= n;
      }
    }

    @Override
    public void close() {
      chunks.clear();
      vertx.executeBlocking(() -> {
        channel.close();
        return null;
      }, false);
    }
  }
}
