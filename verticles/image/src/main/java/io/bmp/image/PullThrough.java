package io.bmp.image;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.StoreWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a file the room does not hold from the central origin, once: every request that misses
 * the same file while it is on its way waits for that one fetch. The bytes are streamed into the
 * store ({@link StoreWriter}), their SHA-256 checked against the origin's {@code X-Checksum-Sha256}
 * and their count against its Content-Length; only then does the file appear, and the store's
 * budget evicts what no longer fits.
 *
 * <p>One instance per store, shared by the verticle instances serving it; each caller gets its
 * answer on its own context.
 */
final class PullThrough {

  private static final Logger LOG = LoggerFactory.getLogger(PullThrough.class);

  private final Vertx vertx;
  /**
   * Where every fetch runs. Not the first asker's context: an asker whose context is busy (a
   * worker, a long handler) would hold up the download for everyone waiting on it.
   */
  private final Context fetches;
  private final HttpClient client;
  private final URI origin;
  private final StoreBudget budget;
  private final Map<Path, Flight> inflight = new HashMap<>(); // guarded by itself
  private final AtomicLong flights = new AtomicLong();

  /**
   * One fetch and the requests waiting for it. The fetched file is pinned (as {@code holder})
   * before the store evicts anything to make room for it, and stays pinned until every waiter has
   * its answer and so has counted its download: two pulls finishing together in a tight store
   * cannot evict each other's file under their waiters.
   */
  private static final class Flight {
    final Promise<Path> done = Promise.promise();
    final String holder;
    int waiters; // guarded by inflight; final once the flight has left the map

    Flight(String holder) {
      this.holder = holder;
    }
  }

  PullThrough(Vertx vertx, URI origin, StoreBudget budget) {
    this.vertx = vertx;
    this.origin = origin;
    this.budget = budget;
    this.fetches = ((VertxInternal) vertx).createEventLoopContext();
    this.client = vertx.createHttpClient();
  }

  /** The stored file once it is there; joins a fetch already under way. */
  Future<Path> fetch(String relative, Path file) {
    Flight flight;
    boolean first;
    synchronized (inflight) {
      flight = inflight.get(file);
      first = flight == null;
      if (first) {
        flight = new Flight("pull-through-" + flights.incrementAndGet());
        inflight.put(file, flight);
      }
      flight.waiters++;
    }
    if (first) {
      Flight mine = flight;
      fetches.runOnContext(v -> start(relative, file, mine.holder).onComplete(done -> {
        synchronized (inflight) {
          inflight.remove(file); // no one joins after this: the number of waiters is final
        }
        mine.done.handle(done);
      }));
    }
    Flight joined = flight;
    Context here = vertx.getOrCreateContext();
    Promise<Path> answer = Promise.promise();
    joined.done.future().onComplete(done -> here.runOnContext(v -> {
      answer.handle(done); // the request counts its download as started before this returns
      boolean last;
      synchronized (inflight) {
        last = --joined.waiters == 0;
      }
      if (last && done.succeeded()) {
        budget.unpin(file, joined.holder);
      }
    }));
    return answer.future();
  }

  private Future<Path> start(String relative, Path file, String holder) {
    String path = origin.getRawPath().replaceAll("/+$", "") + "/" + relative;
    int port = origin.getPort() > 0 ? origin.getPort() : 80;
    long started = System.nanoTime();
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(origin.getHost()).setPort(port)
            .setURI(path).setTimeout(30_000).setIdleTimeout(60_000))
        .recover(e -> Future.failedFuture(upstream("the origin " + origin + " is unreachable: " + e.getMessage())))
        .compose(request -> request.send()
            .recover(e -> Future.failedFuture(upstream("the origin " + origin + " did not answer: " + e.getMessage()))))
        .compose(response -> receive(response, relative, file))
        .compose(stored -> vertx.executeBlocking(() -> {
          budget.addedFor(stored.file(), stored.bytes(), holder); // pinned until its waiters have started (Flight)
          try {
            for (Path gone : budget.evict()) {
              LOG.info("IMAGE-EVICTED file={} to fit the store's {} bytes", gone, budget.maxBytes());
            }
          } catch (java.io.IOException e) {
            // The file is here and verified: a failed clean-up elsewhere must not fail its askers.
            LOG.warn("IMAGE-EVICT-FAILED store budget {} bytes: {}", budget.maxBytes(), e.toString());
          }
          return stored.file();
        }, false))
        .onSuccess(p -> LOG.info("IMAGE-PULLED file={} from={} ms={}", relative, origin,
            String.format("%.1f", (System.nanoTime() - started) / 1e6)))
        .onFailure(e -> LOG.warn("IMAGE-PULL-FAILED file={} from={} reason=\"{}\"", relative, origin, e.getMessage()));
  }

  private record Stored(Path file, long bytes) {}

  private Future<Stored> receive(HttpClientResponse response, String relative, Path file) {
    response.pause();
    if (response.statusCode() == 404) {
      response.resume();
      return Future.failedFuture(new BmpException(ErrorCode.NOT_FOUND, relative + " is in neither this room nor the origin"));
    }
    if (response.statusCode() != 200) {
      response.resume();
      return Future.failedFuture(upstream("the origin answered " + response.statusCode() + " for " + relative));
    }
    String declared = response.getHeader("X-Checksum-Sha256");
    if (declared == null) {
      // The origin hashes a file placed by hand the first time it is asked for; come back shortly.
      response.resume();
      return Future.failedFuture(new BmpException(ErrorCode.COMPONENT_UNAVAILABLE,
          "the origin has not finished the checksum of " + relative + "; try again in a few seconds"));
    }
    String length = response.getHeader("Content-Length");
    long expected = length == null ? -1 : Long.parseLong(length);
    if (expected > budget.maxBytes()) {
      response.resume();
      return Future.failedFuture(new BmpException(ErrorCode.STORAGE_FULL,
          relative + " (" + expected + " bytes) is larger than this room's store (" + budget.maxBytes() + " bytes)"));
    }
    Promise<Void> broken = Promise.promise();
    response.exceptionHandler(broken::tryFail);
    return StoreWriter.stage(vertx, response, file, budget.maxBytes(), broken.future())
        .recover(e -> Future.failedFuture(upstream("the transfer of " + relative + " from the origin broke: " + e.getMessage())))
        .compose(staged -> {
          if (!staged.sha256.equals(declared) || expected >= 0 && staged.bytes != expected) {
            return staged.discard().transform(x -> Future.failedFuture(upstream("the bytes of " + relative
                + " from the origin do not match its checksum (got " + staged.bytes + " bytes, SHA-256 " + staged.sha256 + ")")));
          }
          return staged.commit().map(p -> new Stored(p, staged.bytes));
        });
  }

  private static BmpException upstream(String message) {
    return new BmpException(ErrorCode.UPSTREAM_FAILED, message);
  }
}
