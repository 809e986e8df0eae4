package io.bmp.scheduler;

import io.bmp.core.bus.Bus;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.BmcEvent;
import io.bmp.core.contract.DriverContract.WatchList;
import io.bmp.core.repo.BmcWatchRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Central's side of the drivers' background work. Each room's driver is told which BMCs to watch
 * (the room's enrolled devices): when a driver announces it started, whenever the room's list
 * changed, which one aggregate query per period tells (a list is loaded and sent only then; a room
 * of 25,000 devices is not re-sent every 30 s), and every room in full at start and every
 * {@link #FULL_EVERY} periods, so that a lost announcement or a restart of central costs at most
 * that long. The power states the drivers report are recorded on the devices.
 */
final class BmcWatch {

  private static final Logger LOG = LoggerFactory.getLogger(BmcWatch.class);
  private static final Set<String> POWER_KINDS = Set.of("power-read", "power-changed", "power-lost");
  /** Every this many periods (and at start) every live room is sent its list, changed or not. */
  static final int FULL_EVERY = 10;

  private final Vertx vertx;
  private final BmcWatchRepository repository;
  private final long periodMillis;
  /** Per room, the fingerprint of the list its driver acknowledged last. */
  private final Map<String, String> acknowledged = new HashMap<>();
  /** Per room, how many times its driver announced a start: a reply to a send begun before one does not count. */
  private final Map<String, Integer> starts = new HashMap<>();
  /** Rooms whose last send failed (logged once until it works again). */
  private final Set<String> failing = new HashSet<>();
  private MessageConsumer<BmcEvent> consumer;
  private long timer = -1;
  private int periods;
  private boolean syncing;
  private boolean again;

  BmcWatch(Vertx vertx, BmcWatchRepository repository, long periodMillis) {
    this.vertx = vertx;
    this.repository = repository;
    this.periodMillis = periodMillis;
  }

  void start() {
    consumer = vertx.eventBus().consumer(DriverContract.EVENTS, message -> onEvent(message.body()));
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (++periods % FULL_EVERY == 0) {
        acknowledged.clear();
      }
      sync();
    });
    sync(); // nothing acknowledged yet: every live room
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onEvent(BmcEvent event) {
    if (DriverContract.DRIVER_STARTED.equals(event.kind())) {
      starts.merge(event.room(), 1, Integer::sum);
      acknowledged.remove(event.room());
      sync();
    } else if (POWER_KINDS.contains(event.kind()) && event.device() != null) {
      repository.recordPower(event.device(), event.detail(), Instant.ofEpochMilli(event.timestamp()))
          .onFailure(failure -> LOG.warn("WATCH could not record power {} of device {}: {}", event.detail(),
              event.device(), failure.getMessage()));
    }
  }

  /**
   * Brings every room's driver up to date; a call while one runs makes it run once more after. The
   * flag is set before the work starts and cleared by its end, which may come before this method
   * returns: a fast database completes the query before the continuations are even attached.
   */
  void sync() {
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    repository.fingerprints().compose(current -> repository.rooms().compose(live -> sendChanged(current, live)))
        .onFailure(failure -> LOG.warn("WATCH could not read the watch lists: {}", failure.getMessage()))
        .onComplete(done -> {
          syncing = false;
          if (again) {
            again = false;
            sync();
          }
        });
  }

  /**
   * Rooms one after another, so that only one list is in memory at a time. A room is sent its list
   * when its driver has not acknowledged this fingerprint; a live room without watched devices has
   * none, and is sent an empty list until its driver acknowledges that.
   */
  private Future<Void> sendChanged(Map<String, String> current, List<String> live) {
    Set<String> rooms = new TreeSet<>(current.keySet());
    rooms.addAll(live);
    rooms.addAll(acknowledged.keySet());
    acknowledged.keySet().retainAll(rooms);
    Future<Void> chain = Future.succeededFuture();
    for (String room : rooms) {
      String fingerprint = current.getOrDefault(room, "none");
      if (fingerprint.equals(acknowledged.get(room))) {
        continue;
      }
      chain = chain.compose(v -> send(room, fingerprint));
    }
    return chain;
  }

  /** Sends the room's list; a failure is retried next period. */
  private Future<Void> send(String room, String fingerprint) {
    int start = starts.getOrDefault(room, 0);
    return ("none".equals(fingerprint) ? Future.succeededFuture(List.<DriverContract.Bmc>of()) : repository.watchList(room))
        .compose(bmcs -> Bus.request(vertx, DriverContract.endpoint(room), DriverContract.WATCH, new WatchList(bmcs),
            WatchList.class))
        .onSuccess(watched -> {
          if (starts.getOrDefault(room, 0) == start) { // else a new driver answered nothing yet: send again
            acknowledged.put(room, fingerprint);
          }
          if (failing.remove(room) || !watched.bmcs().isEmpty()) {
            LOG.info("WATCH room={} bmcs={}", room, watched.bmcs().size());
          }
        })
        .<Void>mapEmpty()
        .recover(failure -> {
          acknowledged.remove(room);
          if (failing.add(room)) {
            LOG.warn("WATCH room={} not told its BMCs ({}); retrying every {} ms", room, failure.getMessage(),
                periodMillis);
          }
          return Future.succeededFuture();
        });
  }
}
