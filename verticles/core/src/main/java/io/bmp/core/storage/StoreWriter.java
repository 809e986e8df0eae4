package io.bmp.core.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Puts a stream of bytes into a file store without ever showing a partial file: the bytes go, with
 * back-pressure, into a hidden temporary file beside the target while their SHA-256 is computed
 * chunk by chunk; the caller looks at size and hash and then either {@link Staged#commit commits}
 * (checksum sidecar written, then one atomic rename) or {@link Staged#discard discards}. Used by
 * the api's image upload, the image server's upload and its pull-through from the origin.
 *
 * <p>Hidden names (a leading dot) are never served by the image server, so neither the temporary
 * file nor the sidecar {@code .<name>.sha256} is visible over HTTP.
 */
public final class StoreWriter {

  /** Why staging stopped before the stream ended. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge(long limit) {
      super("more than " + limit + " bytes");
    }
  }

  private StoreWriter() {}

  /** The checksum sidecar of a stored file. */
  public static Path sidecar(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".sha256");
  }

  /** A fully received, hashed temporary file waiting for the caller's verdict. */
  public static final class Staged {
    private final FileSystem fs;
    private final Path temp;
    private final Path target;
    public final long bytes;
    public final String sha256;

    private Staged(FileSystem fs, Path temp, Path target, long bytes, String sha256) {
      this.fs = fs;
      this.temp = temp;
      this.target = target;
      this.bytes = bytes;
      this.sha256 = sha256;
    }

    /**
     * Renames the file into place in one step (replacing an older one), then its sidecar, itself
     * written aside and renamed. In that order because a sidecar counts only when it is not older
     * than its file: between the two renames, or after a crash there, the new file has the old
     * sidecar, which is older, so the checksum is computed again from the bytes. The other order
     * left the old bytes with the new checksum when the file's rename failed or never came. A
     * sidecar that cannot be written does not undo the file: its checksum is computed on demand.
     */
    public Future<Path> commit() {
      CopyOptions replace = new CopyOptions().setAtomicMove(true).setReplaceExisting(true);
      Path sidecar = sidecar(target);
      Path sidecarTemp = sidecar.resolveSibling(sidecar.getFileName() + ".part-" + UUID.randomUUID());
      return fs.move(temp.toString(), target.toString(), replace)
          .recover(failure -> discard().transform(ignored -> Future.failedFuture(failure)))
          .compose(v -> fs.writeFile(sidecarTemp.toString(), Buffer.buffer(sha256 + "\n"))
              .compose(w -> fs.move(sidecarTemp.toString(), sidecar.toString(), replace))
              .recover(failure -> deleteQuietly(fs, sidecarTemp)))
          .map(target);
    }

    public Future<Void> discard() {
      return deleteQuietly(fs, temp);
    }
  }

  /**
   * Streams {@code body} into a temporary file in {@code target}'s directory (created if missing).
   *
   * @param aborted completes (or fails) when the peer goes away before the end; then staging fails
   *                and the temporary file is gone. May be null.
   * @return the staged file, or a failure ({@link TooLarge} past {@code maxBytes}); on failure no
   *         temporary file is left behind
   */
  public static Future<Staged> stage(Vertx vertx, ReadStream<Buffer> body, Path target, long maxBytes, Future<?> aborted) {
    FileSystem fs = vertx.fileSystem();
    Path temp = target.resolveSibling("." + target.getFileName() + ".part-" + UUID.randomUUID());
    return fs.mkdirs(target.getParent().toString())
        .compose(v -> fs.open(temp.toString(), new OpenOptions().setCreateNew(true).setWrite(true)))
        .compose(file -> {
          HashingStream sink = new HashingStream(file, maxBytes);
          Promise<Void> piped = Promise.promise();
          if (aborted != null) {
            aborted.onComplete(x -> piped.tryFail("the peer went away before the end"));
          }
          body.pipeTo(sink).onComplete(piped);
          return piped.future()
              .transform(done -> done.succeeded() && sink.tooLarge() == null
                  ? Future.succeededFuture(new Staged(fs, temp, target, sink.bytes(), sink.hex()))
                  : file.close().transform(x -> deleteQuietly(fs, temp))
                      .transform(x -> Future.<Staged>failedFuture(sink.tooLarge() != null ? sink.tooLarge() : done.cause())));
        }, failure -> deleteQuietly(fs, temp).transform(x -> Future.failedFuture(failure)));
  }

  static Future<Void> deleteQuietly(FileSystem fs, Path file) {
    return fs.exists(file.toString())
        .compose(exists -> exists ? fs.delete(file.toString()) : Future.succeededFuture())
        .otherwiseEmpty();
  }
}
