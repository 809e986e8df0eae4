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

  /** KEYS[1] the counter, ARGV[1] the delta, ARGV[2] the window in milliseconds. */
  private static final String ADD_SCRIPT = String.join("\n",
      "if tonumber(ARGV[1]) < 0 and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end",
      "local value = redis.call('INCRBY', KEYS[1], ARGV[1])",
      "if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end",
      "return value");

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
    // One script, so the count and its expiry cannot come apart (a key that expired between a
    // SET NX and an INCRBY would live for ever); a give-back does not bring an expired counter back.
    return guard(redis.eval(List.of(ADD_SCRIPT, "1", k, Long.toString(delta), millis(window))))
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
