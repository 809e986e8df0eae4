package io.bmp.api.auth;

import io.bmp.core.cache.Cache;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Limits failed logins per user name and per client address in fixed windows, counted in the
 * cache (so every api instance shares the count). Past the limit a login is refused with
 * {@code RATE_LIMITED} before the password is even checked.
 */
public final class LoginLimiter {

  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final int PER_USER = 5;
  public static final int PER_ADDRESS = 30;

  private final Cache cache;

  public LoginLimiter(Cache cache) {
    this.cache = cache;
  }

  /** Fails {@code RATE_LIMITED} if either counter is at its limit. */
  public Future<Void> check(String username, String address) {
    return Future.all(cache.get(userKey(username)), cache.get(addressKey(address))).compose(both -> {
      long byUser = both.<java.util.Optional<String>>resultAt(0).map(Long::parseLong).orElse(0L);
      long byAddress = both.<java.util.Optional<String>>resultAt(1).map(Long::parseLong).orElse(0L);
      if (byUser >= PER_USER || byAddress >= PER_ADDRESS) {
        long seconds = WINDOW.toSeconds();
        return Future.failedFuture(BmpException.localized(ErrorCode.RATE_LIMITED, "error.rateLimited",
            "too many failed attempts; try again in " + seconds + " seconds", seconds));
      }
      return Future.succeededFuture();
    });
  }

  public Future<Void> recordFailure(String username, String address) {
    return Future.all(cache.increment(userKey(username), WINDOW), cache.increment(addressKey(address), WINDOW)).mapEmpty();
  }

  public Future<Void> reset(String username) {
    return cache.delete(userKey(username)).mapEmpty();
  }

  private static String userKey(String username) {
    return "login-fail:user:" + username.toLowerCase(java.util.Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "login-fail:addr:" + address;
  }
}
