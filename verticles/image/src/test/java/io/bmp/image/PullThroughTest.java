package io.bmp.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulled file stays in the store until every request that waited for it has its answer, even
 * when a later pull needs the room: a waiter slow to get its turn (its context is busy) must not
 * find the file gone, nor hold up the pull for the others when it asked first.
 */
class PullThroughTest {

  static final int MIB = 1024 * 1024;

  @TempDir Path store;
  Vertx vertx;
  Map<String, byte[]> originFiles;
  URI origin;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    originFiles = Map.of("/a.raw", random(2 * MIB, 1), "/b.raw", random(2 * MIB, 2));
    int port = vertx.createHttpServer().requestHandler(request -> {
      byte[] bytes = originFiles.get(request.path());
      if (bytes == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().putHeader("X-Checksum-Sha256", sha256(bytes)).end(Buffer.buffer(bytes));
    }).listen(0, "127.0.0.1").await().actualPort();
    origin = URI.create("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aPulledFileWaitsForItsSlowestAskerBeforeItCanBeEvicted() throws Exception {
    StoreBudget budget = new StoreBudget(store, 5L * MIB / 2); // one of the two files at a time
    PullThrough pull = new PullThrough(vertx, origin, budget);
    Context fast = vertx.getOrCreateContext();
    Context slow = workerContext();
    Path a = store.resolve("a.raw");
    Path b = store.resolve("b.raw");

    // Two askers of a.raw: first one on a context that then stays busy, then one on a free context.
    // The fetch must not run on the first asker's context, or the busy one would hold it up.
    Promise<Path> slowAnswer = Promise.promise();
    CountDownLatch asked = new CountDownLatch(1);
    slow.runOnContext(v -> {
      pull.fetch("a.raw", a).onComplete(slowAnswer);
      asked.countDown();
    });
    CountDownLatch busy = new CountDownLatch(1);
    slow.runOnContext(v -> {
      try {
        busy.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
    Future<Path> slowAsker = slowAnswer.future();
    Future<Path> fastAsker = onContext(fast, () -> pull.fetch("a.raw", a));
    assertThat(fastAsker.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(a);

    // b.raw lands while the slow asker of a.raw has not had its answer: a.raw is still held.
    onContext(fast, () -> pull.fetch("b.raw", b)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(Files.exists(a)).as("a.raw, not yet answered to all its askers, was evicted").isTrue();

    busy.countDown();
    assertThat(slowAsker.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(a);
    assertThat(Files.readAllBytes(a)).isEqualTo(originFiles.get("/a.raw"));
    // Answered to all, a.raw is an ordinary file again: the pull lets go of it right after its last
    // asker has its answer (on that asker's context, so wait for it).
    Context slowThen = slow;
    Promise<Integer> pins = Promise.promise();
    slowThen.runOnContext(v -> pins.complete(budget.pin(a, "check")));
    assertThat(pins.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .as("only this check's pin is left").isEqualTo(1);
  }

  private Context workerContext() {
    Promise<Context> captured = Promise.promise();
    vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start() {
        captured.complete(context);
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
    return captured.future().await();
  }

  private static <T> Future<T> onContext(Context context, java.util.function.Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
