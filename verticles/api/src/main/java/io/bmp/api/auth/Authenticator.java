package io.bmp.api.auth;

import io.bmp.api.ApiContext;
import io.bmp.api.http.EarlyRefusals;
import io.bmp.api.http.ErrorResponses;
import io.bmp.core.crypto.Tokens;
import io.bmp.core.domain.ApiKey;
import io.bmp.core.domain.User;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds out who calls, before the operation runs: an {@code Authorization: Bearer} API key, else
 * the session cookie. A key that is not valid is refused at once (401); a missing or ended
 * session leaves the call anonymous, and operations that need a caller refuse it then. A refused
 * key's call to an audited operation is audited ({@link EarlyRefusals}) before the 401 goes out.
 */
public final class Authenticator implements Handler<RoutingContext> {

  public static final String CALLER_KEY = "caller";
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);

  private final ApiContext api;
  private final EarlyRefusals refusals;

  public Authenticator(ApiContext api, EarlyRefusals refusals) {
    this.api = api;
    this.refusals = refusals;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    Future<Optional<Caller>> caller;
    if (authorization != null) {
      caller = byApiKey(authorization);
    } else {
      Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
      caller = cookie == null || cookie.getValue().isEmpty() ? Future.succeededFuture(Optional.empty())
          : bySession(cookie.getValue());
    }
    caller.onComplete(found -> {
      found.ifPresent(c -> ctx.put(CALLER_KEY, c));
      ctx.next();
    }, failure -> {
      BmpException refusal = BmpException.of(failure);
      refusals.record(ctx, refusal).onComplete(v -> ErrorResponses.send(ctx, refusal, null));
    });
  }

  private Future<Optional<Caller>> byApiKey(String authorization) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 200) {
      return Future.failedFuture(badKey());
    }
    String hash = Tokens.sha256(authorization.substring(7).trim());
    Caller cached = api.callers.get(hash);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return api.apiKeys.findByHash(hash).compose(key -> {
      if (key.isEmpty()) {
        return Future.failedFuture(badKey());
      }
      ApiKey k = key.get();
      touch(k);
      return api.users.find(k.userId()).compose(user -> {
        if (user.isEmpty()) {
          return Future.failedFuture(badKey());
        }
        Caller caller = new Caller(user.get(), null, null, k.id(), k.readOnly());
        api.callers.put(hash, caller);
        return Future.succeededFuture(Optional.of(caller));
      });
    });
  }

  private Future<Optional<Caller>> bySession(String token) {
    String credential = "session:" + Tokens.sha256(token);
    Caller cached = api.callers.get(credential);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return api.sessions.find(token).compose(session -> {
      if (session.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Sessions.Session s = session.get();
      return api.users.find(s.userId()).map(user -> user.map((User u) -> {
        Caller caller = new Caller(u, s.hash(), s.csrfToken(), null, false);
        api.callers.put(credential, caller);
        return caller;
      }));
    });
  }

  /** Records that a key was used, at most every few minutes so that reads stay reads. */
  private void touch(ApiKey key) {
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(Instant.now().minus(TOUCH_EVERY))) {
      api.apiKeys.touch(key.id());
    }
  }

  private static BmpException badKey() {
    return BmpException.localized(ErrorCode.UNAUTHENTICATED, "error.badApiKey", "the API key is not valid");
  }
}
