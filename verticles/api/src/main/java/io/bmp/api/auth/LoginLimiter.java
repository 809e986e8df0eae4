package io.bmp.api.auth;

import io.bmp.core.cache.Cache;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Limits failed logins per user name and per client address in fixed windows, counted in the
 * cache (so every api instance shares the count). Every attempt takes a number from both counters
 * before the password is checked, so attempts sent at once cannot all slip under the limit while
 * the slow password check runs; past the limit a login is refused with {@code RATE_LIMITED}. A
 * successful login clears the user's counter and gives its number back to the address's.
 */
public final class LoginLimiter {

  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final int PER_USER = 5;
  public static final int PER_ADDRESS = 30;

  private final Cache cache;

  public LoginLimiter(Cache cache) {
    this.cache = cache;
  }

  /**
   * Counts an attempt; fails {@code RATE_LIMITED} if it is past either limit. The address is
   * counted first, and an address past its limit does not count against the user: one client
   * cannot lock out accounts beyond the few its own limit allows.
   */
  public Future<Void> attempt(String username, String address) {
    return cache.increment(addressKey(address), WINDOW).compose(byAddress -> byAddress > PER_ADDRESS ? refused()
        : cache.increment(userKey(username), WINDOW).compose(byUser -> byUser > PER_USER ? refused() : Future.succeededFuture()));
  }

  private static Future<Void> refused() {
    long seconds = WINDOW.toSeconds();
    return Future.failedFuture(BmpException.localized(ErrorCode.RATE_LIMITED, "error.rateLimited",
        "too many failed attempts; try again in " + seconds + " seconds", seconds));
  }

  /** After a successful login: the user starts afresh, and the address no longer counts this attempt. */
  public Future<Void> succeeded(String username, String address) {
    return Future.all(cache.delete(userKey(username)), cache.add(addressKey(address), -1, WINDOW)).mapEmpty();
  }

  private static String userKey(String username) {
    return "login-fail:user:" + username.toLowerCase(java.util.Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "login-fail:addr:" + address;
  }
}
