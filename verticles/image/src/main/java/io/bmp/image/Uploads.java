package io.bmp.image;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.StoreWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /<path>}: streams a file into the store. The caller proves itself with the store's
 * upload token ({@code Authorization: Bearer …}) and declares the SHA-256 in {@code
 * X-Checksum-Sha256}; the bytes are hashed while they stream to a hidden temporary file, and only
 * a complete upload with that hash replaces the file, in one rename. Anything else — a wrong hash,
 * a dropped connection, too many bytes — leaves nothing visible. Without a configured token the
 * store takes no uploads at all.
 *
 * <p>{@code DELETE /<path>}, with the same token, takes an uploaded file back (the api does when
 * registering the image it uploaded failed), unless a download or an install holds it now.
 */
final class Uploads {

  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Vertx vertx;
  private final Path store;
  private final StoreBudget budget;
  private final byte[] token;

  Uploads(Vertx vertx, Path store, StoreBudget budget, String token) {
    this.vertx = vertx;
    this.store = store;
    this.budget = budget;
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    try {
      Path target = target(ctx);
      String declared = declaredChecksum(request);
      Promise<Void> closed = Promise.promise();
      ctx.response().closeHandler(c -> closed.tryComplete());
      StoreWriter.stage(vertx, request, target, budget.maxBytes(), closed.future())
          .recover(e -> Future.failedFuture(e instanceof StoreWriter.TooLarge
              ? new BmpException(ErrorCode.STORAGE_FULL, "the upload is larger than this store (" + budget.maxBytes() + " bytes)")
              : new BmpException(ErrorCode.MALFORMED_REQUEST, "the upload was interrupted")))
          .compose(staged -> staged.sha256.equals(declared) ? staged.commit().map(p -> staged)
              : staged.discard().transform(x -> Future.failedFuture(new BmpException(ErrorCode.CHECKSUM_MISMATCH,
                  "the uploaded bytes have SHA-256 " + staged.sha256 + ", not " + declared))))
          .compose(staged -> vertx.executeBlocking(() -> {
            budget.added(target, staged.bytes);
            budget.evict();
            return staged;
          }, false))
          .onSuccess(staged -> {
            String relative = store.relativize(target).toString();
            LOG.info("IMAGE-UPLOADED file={} bytes={} sha256={}", relative, staged.bytes, staged.sha256);
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("path", relative).put("bytes", staged.bytes).put("sha256", staged.sha256).encode());
          })
          .onFailure(e -> {
            LOG.info("IMAGE-UPLOAD-REFUSED path={} reason=\"{}\"", ctx.normalizedPath(), e.getMessage());
            HttpErrors.send(ctx, e);
          });
    } catch (BmpException refused) {
      LOG.info("IMAGE-UPLOAD-REFUSED path={} reason=\"{}\"", ctx.normalizedPath(), refused.getMessage());
      request.resume(); // let the body drain so the connection can answer
      HttpErrors.send(ctx, refused);
    }
  }

  void delete(RoutingContext ctx) {
    Path target;
    try {
      target = target(ctx);
    } catch (BmpException refused) {
      LOG.info("IMAGE-DELETE-REFUSED path={} reason=\"{}\"", ctx.normalizedPath(), refused.getMessage());
      HttpErrors.send(ctx, refused);
      return;
    }
    vertx.executeBlocking(() -> {
      StoreBudget.Forgotten forgotten = budget.forget(target);
      if (forgotten == StoreBudget.Forgotten.HELD) {
        throw new BmpException(ErrorCode.INVALID_STATE, "the file is being downloaded or installed");
      }
      boolean existed = Files.deleteIfExists(target);
      Files.deleteIfExists(Checksums.sidecar(target));
      Path parent = target.getParent();
      if (!parent.equals(store)) {
        try (var left = Files.list(parent)) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(parent); // the image's own directory, now empty
          }
        } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException raced) {
          // an upload or a delete in the same directory meanwhile: leave it
        }
      }
      if (!existed && forgotten == StoreBudget.Forgotten.UNKNOWN) {
        throw new BmpException(ErrorCode.NOT_FOUND, "no file " + store.relativize(target));
      }
      return store.relativize(target).toString();
    }, false).onSuccess(relative -> {
      LOG.info("IMAGE-DELETED file={}", relative);
      ctx.response().setStatusCode(204).end();
    }).onFailure(e -> HttpErrors.send(ctx, e));
  }

  private Path target(RoutingContext ctx) {
    if (token == null) {
      throw new BmpException(ErrorCode.PERMISSION_DENIED, "this store takes no uploads (no upload token is configured)");
    }
    String auth = ctx.request().getHeader("Authorization");
    byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new BmpException(ErrorCode.UNAUTHENTICATED, "the upload token is missing or wrong");
    }
    String path = ctx.normalizedPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    Path target = store.resolve(relative).normalize();
    if (relative.isEmpty() || relative.endsWith("/") || !target.startsWith(store) || target.equals(store)
        || StoreBudget.hidden(store.relativize(target)) || relative.startsWith("boot/")) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "not a path a file can be stored at: " + path);
    }
    return target;
  }

  private static String declaredChecksum(HttpServerRequest request) {
    String declared = request.getHeader("X-Checksum-Sha256");
    String sha = declared == null ? "" : declared.trim().toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha).matches()) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "X-Checksum-Sha256 must carry the file's SHA-256 (64 hex digits)");
    }
    return sha;
  }
}
