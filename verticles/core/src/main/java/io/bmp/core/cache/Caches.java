package io.bmp.core.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Opens the cache a {@link CacheConfig} names and checks that it answers. */
public final class Caches {

  private Caches() {}

  public static Future<Cache> open(Vertx vertx, CacheConfig config) {
    Cache cache = config.kind().equals("redis") ? new RedisCache(vertx, config) : new LocalCache(vertx);
    return cache.ping().map(cache).recover(failure -> cache.close().transform(v -> Future.failedFuture(failure)));
  }
}
