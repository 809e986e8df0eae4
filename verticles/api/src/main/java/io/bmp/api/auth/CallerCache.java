package io.bmp.api.auth;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently authenticated callers by credential (API key hash or session hash), for a few
 * seconds, so that a request costs its own queries and not two more for who is calling. Any
 * change to a user's credentials or role (key deleted or made read-only, user deleted, role
 * changed, sessions ended) is published on {@link #CHANGED}, and every api instance of every node
 * evicts that user's entries at once: a revoked key stops working immediately, not after the TTL.
 */
public final class CallerCache {

  /** Published with {@code {"userId": …}} when a user's credentials or role change. */
  public static final String CHANGED = "bmp.api.credentials-changed";
  static final long TTL_NANOS = 10_000_000_000L;
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(Caller caller, long expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private MessageConsumer<JsonObject> consumer;

  public CallerCache(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts listening for changes (on every node of the cluster). */
  public void listen() {
    consumer = vertx.eventBus().consumer(CHANGED, message -> evictUser(message.body().getString("userId")));
  }

  public Caller get(String credential) {
    Entry entry = entries.get(credential);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAt() > 0) {
      entries.remove(credential, entry);
      return null;
    }
    return entry.caller();
  }

  public void put(String credential, Caller caller) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(credential, new Entry(caller, System.nanoTime() + TTL_NANOS));
  }

  public void evict(String credential) {
    entries.remove(credential);
  }

  void evictUser(String userId) {
    entries.values().removeIf(e -> e.caller().userId().equals(userId));
  }

  /** Tells every api instance in the cluster that this user's credentials or role changed. */
  public static void changed(Vertx vertx, String userId) {
    vertx.eventBus().publish(CHANGED, new JsonObject().put("userId", userId));
  }

  public void close() {
    if (consumer != null) {
      consumer.unregister();
    }
    entries.clear();
  }
}
