package io.bmp.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CountCacheTest {

  /** Hands out a new pending count each time it is asked, and remembers how often it was. */
  private static final class Counter implements Supplier<Future<Long>> {
    final List<Promise<Long>> started = new ArrayList<>();

    @Override
    public Future<Long> get() {
      Promise<Long> p = Promise.promise();
      started.add(p);
      return p.future();
    }
  }

  @Test
  void callersThatMissWhileACountRunsShareIt() {
    CountCache cache = new CountCache();
    Counter counter = new Counter();
    Future<Long> first = cache.get("k", counter);
    Future<Long> second = cache.get("k", counter);
    assertEquals(1, counter.started.size());
    counter.started.get(0).complete(42L);
    assertEquals(42L, first.result());
    assertEquals(42L, second.result());
    assertEquals(42L, cache.get("k", counter).result());
    assertEquals(1, counter.started.size(), "a finished count is served from the cache");
  }

  @Test
  void aWriteVoidsTotalsAndCountsUnderWay() {
    CountCache cache = new CountCache();
    Counter counter = new Counter();
    Future<Long> before = cache.get("k", counter);
    cache.wrote();
    Future<Long> after = cache.get("k", counter);
    assertEquals(2, counter.started.size(), "a count started before the write must not answer after it");
    counter.started.get(0).complete(1L);
    counter.started.get(1).complete(2L);
    assertEquals(1L, before.result());
    assertEquals(2L, after.result());
    assertEquals(2L, cache.get("k", counter).result());
    cache.wrote();
    cache.get("k", counter);
    assertEquals(3, counter.started.size());
  }

  @Test
  void aFailedCountIsNotKept() {
    CountCache cache = new CountCache();
    Counter counter = new Counter();
    Future<Long> failed = cache.get("k", counter);
    counter.started.get(0).fail("database down");
    assertEquals("database down", failed.cause().getMessage());
    cache.get("k", counter);
    assertEquals(2, counter.started.size());
  }

  @Test
  void anAgedTotalIsServedWhileOneCountRefreshesIt() {
    long[] now = {0};
    CountCache cache = new CountCache(() -> now[0]);
    Counter counter = new Counter();
    cache.get("k", counter);
    counter.started.get(0).complete(10L);

    now[0] = CountCache.TTL_NANOS + 1;
    assertEquals(10L, cache.get("k", counter).result(), "the aged total, at once");
    assertEquals(10L, cache.get("k", counter).result());
    assertEquals(2, counter.started.size(), "one refresh for both callers");
    counter.started.get(1).complete(11L);
    assertEquals(11L, cache.get("k", counter).result(), "the refreshed total");
    assertEquals(2, counter.started.size());

    cache.wrote();
    Future<Long> afterWrite = cache.get("k", counter);
    assertEquals(false, afterWrite.isComplete(), "after a write of this node, nothing older is served");
  }
}
