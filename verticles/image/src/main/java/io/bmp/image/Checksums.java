package io.bmp.image;

import io.bmp.core.storage.StoreWriter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The SHA-256 of each stored file, kept in a sidecar {@code .<name>.sha256} beside it (hidden, so
 * never served). A file placed in the store without one gets it computed once, on a worker thread,
 * the first time it is asked for; until then it is served without an ETag.
 */
final class Checksums {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private record Known(long size, long modified, String sha256) {}

  private final Vertx vertx;
  private final Path store;
  private final Map<Path, Known> known = new ConcurrentHashMap<>();
  private final Map<Path, Boolean> computing = new ConcurrentHashMap<>();

  Checksums(Vertx vertx, Path store) {
    this.vertx = vertx;
    this.store = store;
  }

  static Path sidecar(Path file) {
    return StoreWriter.sidecar(file);
  }

  /** What the route handler learns on the worker thread: size and time (-1 if no file), and the checksum if known. */
  private record Facts(long size, long modified, String sha256) {}

  private static final Pattern SUFFIX_RANGE = Pattern.compile("bytes=-(\\d{1,18})");

  /**
   * Route handler: sets ETag and X-Checksum-Sha256 when known, answers 304 to a matching
   * If-None-Match, drops the range of a request whose If-Range names another version (the
   * static handler of vertx-web 5.0.8 does not read If-Range), and turns a suffix range ({@code bytes=-N}, RFC 9110 §14.1.2, which the static
   * handler of vertx-web 5.0.8 answers with the whole file) into the explicit range it means.
   */
  void tag(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Path file = store.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    if (!file.startsWith(store)) {
      ctx.next(); // the static handler refuses it
      return;
    }
    vertx.executeBlocking(() -> facts(file), false).onComplete(done -> {
      Facts facts = done.succeeded() ? done.result() : new Facts(-1, -1, null);
      String sha = facts.sha256();
      String ifRange = ctx.request().getHeader("If-Range");
      if (ifRange != null && !IfRange.holds(ifRange, sha == null ? null : "\"sha256-" + sha + "\"", facts.modified())) {
        // RFC 9110 §13.1.5: the client's copy is of another version (a re-upload replaced the
        // file): the whole file, not a piece of the new one to splice onto the old.
        ctx.request().headers().remove("Range");
      }
      String range = ctx.request().getHeader("Range");
      java.util.regex.Matcher suffix = range == null ? null : SUFFIX_RANGE.matcher(range.trim());
      if (suffix != null && suffix.matches() && facts.size() > 0) {
        long n = Math.min(Long.parseLong(suffix.group(1)), facts.size());
        ctx.request().headers().set("Range", "bytes=" + (facts.size() - n) + "-" + (facts.size() - 1));
      }
      if (sha != null) {
        String etag = "\"sha256-" + sha + "\"";
        ctx.response().putHeader("ETag", etag).putHeader("X-Checksum-Sha256", sha);
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
          ctx.response().setStatusCode(304).end();
          return;
        }
      }
      ctx.next();
    });
  }

  private Facts facts(Path file) throws IOException {
    String sha = lookup(file);
    boolean there = Files.isRegularFile(file);
    return new Facts(there ? Files.size(file) : -1, there ? Files.getLastModifiedTime(file).toMillis() : -1, sha);
  }

  /** The checksum if known or on disk; starts computing it in the background otherwise. Worker thread only. */
  private String lookup(Path file) throws IOException {
    long size;
    long modified;
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (NoSuchFileException gone) {
      return null;
    }
    Known k = known.get(file);
    if (k != null && k.size() == size && k.modified() == modified) {
      return k.sha256();
    }
    Path sidecar = sidecar(file);
    if (Files.exists(sidecar) && Files.getLastModifiedTime(sidecar).toMillis() >= modified) {
      String sha = Files.readString(sidecar, StandardCharsets.US_ASCII).trim();
      if (HEX.matcher(sha).matches()) {
        known.put(file, new Known(size, modified, sha));
        return sha;
      }
    }
    if (computing.putIfAbsent(file, true) == null) {
      vertx.executeBlocking(() -> {
        try {
          String sha = digest(file);
          // Replaced while it was read (a re-upload): the digest is of neither version for sure.
          if (Files.size(file) == size && Files.getLastModifiedTime(file).toMillis() == modified) {
            Files.writeString(sidecar, sha + "\n", StandardCharsets.US_ASCII);
            known.put(file, new Known(size, modified, sha));
          }
        } finally {
          computing.remove(file);
        }
        return null;
      }, false);
    }
    return null;
  }

  static String digest(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
