package io.bmp.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.cache.Cache;
import io.bmp.core.cache.CacheConfig;
import io.bmp.core.cache.Caches;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions against the per-user epoch that "end all sessions" bumps. */
class SessionsTest {

  Vertx vertx;
  Cache cache;
  Sessions sessions;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    cache = Caches.open(vertx, CacheConfig.fromJson(new JsonObject().put("kind", "memory"))).await();
    sessions = new Sessions(vertx, cache);
  }

  @AfterEach
  void close() {
    cache.close().await();
    vertx.close().await();
  }

  @Test
  void aSessionStartedAfterManyEndingsIsStillValid() {
    // Past 127 the epochs are Long objects the JVM does not share: they must be compared by value.
    for (int i = 0; i < 130; i++) {
      sessions.endAll("u-1").await();
    }
    Sessions.Started started = sessions.start("u-1").await();
    assertThat(sessions.find(started.token()).await()).map(Sessions.Session::userId).contains("u-1");
    sessions.endAll("u-1").await();
    assertThat(sessions.find(started.token()).await()).as("ended with the others").isEmpty();
  }
}
