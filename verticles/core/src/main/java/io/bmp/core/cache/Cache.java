package io.bmp.core.cache;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived shared state: sessions, rate-limit counters, idempotency keys, locks. Redis in
 * production (shared by every central node), an in-process map in all-in-one. Every entry
 * expires; nothing here is the system of record.
 */
public interface Cache {

  Future<Optional<String>> get(String key);

  Future<Void> put(String key, String value, Duration ttl);

  /** Stores the value only if the key is absent; true if it was stored (a lock or idempotency key taken). */
  Future<Boolean> putIfAbsent(String key, String value, Duration ttl);

  /** True if the key existed. */
  Future<Boolean> delete(String key);

  /**
   * Adds {@code delta} to a counter and returns the new value, atomically. The counter's window
   * starts at its first change and lasts {@code window}: a fixed-window rate limit. A negative
   * delta (giving back) changes only a live counter: on a missing or expired one it does nothing
   * and returns 0.
   */
  Future<Long> add(String key, long delta, Duration window);

  /** Adds one to a counter and returns the new value (see {@link #add}). */
  default Future<Long> increment(String key, Duration window) {
    return add(key, 1, window);
  }

  /** Succeeds if the cache answers; fails {@code CACHE_UNAVAILABLE} otherwise. */
  Future<Void> ping();

  Future<Void> close();

  /** Where the cache is, for health reports and messages (never a password). */
  String describe();
}
