package io.bmp.api.auth;

import io.bmp.core.cache.Cache;
import io.bmp.core.crypto.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Console sessions in the cache (Redis on central, so every api instance sees them; in-process
 * in all-in-one). The cookie carries a random token; the cache key is its hash, so a cache dump
 * does not hand out sessions. Ending all of a user's sessions (password change, deletion) bumps a
 * per-user epoch that every session is checked against.
 */
public final class Sessions {

  public static final String COOKIE = "bmp_session";
  public static final Duration TTL = Duration.ofHours(12);

  /** A live session. */
  public record Session(String hash, String userId, String csrfToken) {}

  private final Cache cache;
  private final io.vertx.core.Vertx vertx;

  public Sessions(io.vertx.core.Vertx vertx, Cache cache) {
    this.vertx = vertx;
    this.cache = cache;
  }

  /** Starts a session; returns the token for the cookie and the session. */
  public Future<Started> start(String userId) {
    String token = Tokens.next("s_");
    String csrf = Tokens.next("c_");
    String hash = Tokens.sha256(token);
    return epoch(userId).compose(epoch -> cache.put(key(hash),
            new JsonObject().put("userId", userId).put("csrf", csrf).put("epoch", epoch).encode(), TTL))
        .map(v -> new Started(token, new Session(hash, userId, csrf)));
  }

  /** A newly started session and the token to put in the cookie. */
  public record Started(String token, Session session) {}

  /** The live session of a cookie token, if any. */
  public Future<Optional<Session>> find(String token) {
    String hash = Tokens.sha256(token);
    return cache.get(key(hash)).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      JsonObject json = new JsonObject(stored.get());
      String userId = json.getString("userId");
      return epoch(userId).map(current -> current.longValue() == json.getLong("epoch", 0L).longValue()
          ? Optional.of(new Session(hash, userId, json.getString("csrf")))
          : Optional.<Session>empty());
    });
  }

  /** Ends one session of the user (logout). */
  public Future<Void> end(String hash, String userId) {
    return cache.delete(key(hash)).<Void>mapEmpty().onComplete(v -> CallerCache.changed(vertx, userId));
  }

  /** Ends every session of the user (and tells every api instance to forget its cached callers). */
  public Future<Void> endAll(String userId) {
    return epoch(userId).compose(epoch -> cache.put(epochKey(userId), Long.toString(epoch + 1), TTL.plusHours(1)))
        .onComplete(v -> CallerCache.changed(vertx, userId));
  }

  private Future<Long> epoch(String userId) {
    return cache.get(epochKey(userId)).map(value -> value.map(Long::parseLong).orElse(0L));
  }

  private static String key(String hash) {
    return "session:" + hash;
  }

  private static String epochKey(String userId) {
    return "session-epoch:" + userId;
  }
}
