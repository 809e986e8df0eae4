package io.bmp.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The same cache behaviour on the real Redis at 127.0.0.1:6379 and in-process. */
@ParameterizedClass(name = "[{0}]")
@ValueSource(strings = {"memory", "redis"})
class CacheTest {

  @Parameter String kind;

  Vertx vertx;
  Cache cache;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    // A prefix of its own per test keeps runs apart on the shared Redis.
    cache = Caches.open(vertx, CacheConfig.fromJson(new JsonObject().put("kind", kind)
        .put("prefix", "bmp-test:" + UUID.randomUUID() + ":"))).await();
  }

  @AfterEach
  void close() {
    cache.close().await();
    vertx.close().await();
  }

  @Test
  void storedValueIsReadBackAndDeleted() {
    cache.put("session:1", "alice", Duration.ofMinutes(1)).await();
    assertThat(cache.get("session:1").await()).contains("alice");
    assertThat(cache.delete("session:1").await()).isTrue();
    assertThat(cache.get("session:1").await()).isEmpty();
    assertThat(cache.delete("session:1").await()).isFalse();
  }

  @Test
  void entriesExpire() {
    cache.put("short", "v", Duration.ofMillis(150)).await();
    assertThat(cache.get("short").await()).contains("v");
    sleep(400);
    assertThat(cache.get("short").await()).isEmpty();
  }

  @Test
  void putIfAbsentLetsExactlyOneOfManyCallersWin() {
    List<Future<Boolean>> callers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      callers.add(cache.putIfAbsent("lock:d-1", "owner-" + i, Duration.ofSeconds(5)));
    }
    Future.all(callers).await();
    assertThat(callers.stream().filter(Future::result).count()).isEqualTo(1);
    assertThat(cache.get("lock:d-1").await()).get().asString().startsWith("owner-");
  }

  @Test
  void aLockCanBeTakenAgainOnceItExpired() {
    assertThat(cache.putIfAbsent("lock:x", "a", Duration.ofMillis(100)).await()).isTrue();
    sleep(300);
    assertThat(cache.putIfAbsent("lock:x", "b", Duration.ofSeconds(5)).await()).isTrue();
    assertThat(cache.get("lock:x").await()).contains("b");
  }

  @Test
  void countersCountWithinTheirWindowAndRestartAfterIt() {
    for (int i = 1; i <= 5; i++) {
      assertThat(cache.increment("login:alice", Duration.ofMillis(300)).await()).isEqualTo(i);
    }
    sleep(500);
    assertThat(cache.increment("login:alice", Duration.ofMillis(300)).await()).isEqualTo(1);
  }

  @Test
  void aCounterTakesBackWhatWasAddedAndKeepsItsWindow() {
    assertThat(cache.increment("login:bob", Duration.ofMillis(400)).await()).isEqualTo(1);
    assertThat(cache.increment("login:bob", Duration.ofMillis(400)).await()).isEqualTo(2);
    sleep(250);
    assertThat(cache.add("login:bob", -1, Duration.ofMillis(400)).await()).isEqualTo(1);
    sleep(250);
    assertThat(cache.get("login:bob").await()).as("gone with the window of the first change, not a new one").isEmpty();
    assertThat(cache.add("login:bob", -1, Duration.ofMillis(400)).await()).as("no give-back to an expired counter").isZero();
    assertThat(cache.get("login:bob").await()).isEmpty();
  }

  @Test
  void concurrentIncrementsAreNotLost() {
    List<Future<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(cache.increment("hits", Duration.ofSeconds(10)));
    }
    Future.all(calls).await();
    assertThat(calls.stream().map(Future::result)).containsExactlyInAnyOrderElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
  }

  @Test
  void anUnreachableRedisIsACacheUnavailableError() {
    if (!kind.equals("redis")) {
      return;
    }
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    assertThatThrownBy(() -> Caches.open(vertx, CacheConfig.fromJson(new JsonObject().put("kind", "redis")
            .put("url", "redis://127.0.0.1:1"))).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CACHE_UNAVAILABLE);
          assertThat(e.getMessage()).contains("127.0.0.1:1");
        });
  }

  private void sleep(long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(millis, id -> done.complete());
    done.future().await();
  }
}
