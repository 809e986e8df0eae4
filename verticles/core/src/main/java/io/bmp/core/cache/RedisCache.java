package io.bmp.core.cache;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link Cache} on Redis through vertx-redis-client; the client reconnects by itself. */
final class RedisCache implements Cache {

  private final Redis client;
  private final RedisAPI redis;
  private final String prefix;
  private final String where;

  RedisCache(Vertx vertx, CacheConfig config) {
    this.client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(config.url())
        .setMaxPoolSize(config.poolSize())
        .setMaxWaitingHandlers(1024)
        .setMaxPoolWaiting(1024)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(3000).setTcpKeepAlive(true)));
    this.redis = RedisAPI.api(client);
    this.prefix = config.prefix();
    URI uri = URI.create(config.url());
    this.where = "Redis " + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  @Override
  public Future<Optional<String>> get(String key) {
    return guard(redis.get(prefix + key)).map(r -> Optional.ofNullable(r).map(Response::toString));
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    return guard(redis.set(List.of(prefix + key, value, "PX", millis(ttl)))).mapEmpty();
  }

  @Override
  public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
    return guard(redis.set(List.of(prefix + key, value, "NX", "PX", millis(ttl)))).map(r -> r != null);
  }

  @Override
  public Future<Boolean> delete(String key) {
    return guard(redis.del(List.of(prefix + key))).map(r -> r.toLong() > 0);
  }

  @Override
  public Future<Long> add(String key, long delta, Duration window) {
    String k = prefix + key;
    // Create the counter with its expiry first (NX keeps a running window), then count: INCRBY keeps the TTL.
    return guard(redis.set(List.of(k, "0", "NX", "PX", millis(window))))
        .compose(r -> guard(redis.incrby(k, Long.toString(delta))))
        .map(Response::toLong);
  }

  @Override
  public Future<Void> ping() {
    return guard(redis.ping(List.of())).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  @Override
  public String describe() {
    return where;
  }

  private <T> Future<T> guard(Future<T> call) {
    return call.recover(failure -> Future.failedFuture(
        new BmpException(ErrorCode.CACHE_UNAVAILABLE, where + " is not available: " + failure.getMessage(), failure)));
  }

  private static String millis(Duration ttl) {
    return Long.toString(Math.max(1, ttl.toMillis()));
  }
}
