package io.bmp.core.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Cache} in this process, for all-in-one. Entries expire when read after their deadline
 * and a periodic sweep drops the ones nobody reads again.
 */
final class LocalCache implements Cache {

  private static final long SWEEP_EVERY_MILLIS = 30_000;

  private record Entry(String value, long expiresAtNanos) {
    boolean expired(long now) {
      return now - expiresAtNanos >= 0;
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long sweeper;

  LocalCache(Vertx vertx) {
    this.vertx = vertx;
    this.sweeper = vertx.setPeriodic(SWEEP_EVERY_MILLIS, id -> {
      long now = System.nanoTime();
      entries.values().removeIf(e -> e.expired(now));
    });
  }

  @Override
  public Future<Optional<String>> get(String key) {
    return Future.succeededFuture(Optional.ofNullable(live(key)).map(Entry::value));
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    entries.put(key, new Entry(value, deadline(ttl)));
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
    AtomicBoolean stored = new AtomicBoolean();
    entries.compute(key, (k, old) -> {
      if (old != null && !old.expired(System.nanoTime())) {
        return old;
      }
      stored.set(true);
      return new Entry(value, deadline(ttl));
    });
    return Future.succeededFuture(stored.get());
  }

  @Override
  public Future<Boolean> delete(String key) {
    Entry removed = entries.remove(key);
    return Future.succeededFuture(removed != null && !removed.expired(System.nanoTime()));
  }

  @Override
  public Future<Long> add(String key, long delta, Duration window) {
    Entry updated = entries.compute(key, (k, old) -> old == null || old.expired(System.nanoTime())
        ? delta < 0 ? null : new Entry(Long.toString(delta), deadline(window))
        : new Entry(Long.toString(Long.parseLong(old.value()) + delta), old.expiresAtNanos()));
    return Future.succeededFuture(updated == null ? 0L : Long.parseLong(updated.value()));
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweeper);
    entries.clear();
    return Future.succeededFuture();
  }

  @Override
  public String describe() {
    return "in-process cache";
  }

  private Entry live(String key) {
    Entry entry = entries.get(key);
    if (entry != null && entry.expired(System.nanoTime())) {
      entries.remove(key, entry);
      return null;
    }
    return entry;
  }

  private static long deadline(Duration ttl) {
    return System.nanoTime() + Math.max(1, ttl.toNanos());
  }
}
