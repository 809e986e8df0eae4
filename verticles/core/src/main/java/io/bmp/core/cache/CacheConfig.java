package io.bmp.core.cache;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;

/**
 * The descriptor's {@code cache} section: {@code kind} is {@code memory} or {@code redis}; for
 * Redis, {@code url} is a Redis connection string and {@code prefix} namespaces every key.
 */
public record CacheConfig(String kind, String url, String prefix, int poolSize) {

  public static CacheConfig fromJson(JsonObject json) {
    String kind = json.getString("kind", "memory");
    if (!kind.equals("memory") && !kind.equals("redis")) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "cache.kind must be memory or redis, not '" + kind + "'");
    }
    return new CacheConfig(kind, json.getString("url", "redis://127.0.0.1:6379"), json.getString("prefix", "bmp:"),
        json.getInteger("poolSize", 8));
  }
}
