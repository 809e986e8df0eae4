package io.bmp.driver;

import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcEvent;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The driver's background work: every watched BMC's power state is read about every
 * {@code powerSyncMillis} and its event log about every {@code selPollMillis}, each BMC on its own
 * jittered schedule (so a room's BMCs are not all asked in the same second), through the same
 * serial queue and room budget as commands. Background reads start only while the budget has
 * room to spare, so that commands are never starved by polling. Power becomes a {@link BmcEvent}
 * when the driver learns something: {@code power-read} for the first reading (after the watch
 * began or the BMC answered again), {@code power-changed} for a change, {@code power-lost} when a
 * BMC whose state was known stops answering. Each new SEL entry is a {@code sel-entry}; the first
 * read of a BMC's log only sets the baseline (old entries are not news).
 */
final class Watcher {

  /** What is known of one watched BMC. */
  private static final class Watched {
    Bmc bmc;
    long powerDueAt;
    long selDueAt;
    Boolean power;        // null until first read
    Long lastSelId;       // null until first read
    boolean busy;
  }

  private final Vertx vertx;
  private final String room;
  private final long powerSyncMillis;
  private final long selPollMillis;
  private final IntSupplier spareBudget;
  private final Function<Bmc, Future<Boolean>> readPower;
  private final BiFunction<Bmc, Long, Future<List<SelEntry>>> readSel;
  private final Consumer<BmcEvent> publish;
  private final Map<String, Watched> watched = new HashMap<>();
  private long timer = -1;

  Watcher(Vertx vertx, String room, long powerSyncMillis, long selPollMillis, IntSupplier spareBudget,
      Function<Bmc, Future<Boolean>> readPower, BiFunction<Bmc, Long, Future<List<SelEntry>>> readSel,
      Consumer<BmcEvent> publish) {
    this.vertx = vertx;
    this.room = room;
    this.powerSyncMillis = powerSyncMillis;
    this.selPollMillis = selPollMillis;
    this.spareBudget = spareBudget;
    this.readPower = readPower;
    this.readSel = readSel;
    this.publish = publish;
  }

  void start() {
    long tick = Math.max(50, Math.min(1000, Math.min(powerSyncMillis, selPollMillis) / 4));
    timer = vertx.setPeriodic(tick, id -> tick());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Replaces the watched set; BMCs already watched keep what is known of them (unless their address changed). */
  void watch(List<Bmc> bmcs) {
    Map<String, Watched> next = new HashMap<>();
    long now = System.currentTimeMillis();
    for (Bmc bmc : bmcs) {
      Watched w = watched.get(bmc.device());
      if (w == null || !w.bmc.address().equals(bmc.address()) || w.bmc.port() != bmc.port()) {
        w = new Watched();
        // The first reads are spread over one interval, not all at once.
        w.powerDueAt = now + ThreadLocalRandom.current().nextLong(Math.max(1, powerSyncMillis));
        w.selDueAt = now + ThreadLocalRandom.current().nextLong(Math.max(1, selPollMillis));
      }
      w.bmc = bmc;
      next.put(bmc.device(), w);
    }
    watched.clear();
    watched.putAll(next);
  }

  /** A power state learnt elsewhere (a power command), so that the sync does not report it as a change. */
  void observed(String device, boolean on) {
    Watched w = watched.get(device);
    if (w != null) {
      w.power = on;
    }
  }

  List<Bmc> watched() {
    return watched.values().stream().map(w -> w.bmc).toList();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (Watched w : watched.values()) {
      if (w.busy || spareBudget.getAsInt() <= 0) {
        continue;
      }
      if (now >= w.powerDueAt) {
        syncPower(w);
      } else if (now >= w.selDueAt) {
        pollSel(w);
      }
    }
  }

  private void syncPower(Watched w) {
    w.busy = true;
    Bmc bmc = w.bmc;
    readPower.apply(bmc).onComplete(done -> {
      w.busy = false;
      w.powerDueAt = System.currentTimeMillis() + jittered(powerSyncMillis);
      Boolean before = w.power;
      w.power = done.succeeded() ? done.result() : null;
      String kind = before == null ? (w.power == null ? null : "power-read")
          : w.power == null ? "power-lost" : before.equals(w.power) ? null : "power-changed";
      if (kind != null) {
        publish.accept(new BmcEvent(room, bmc.device(), kind, w.power == null ? "unknown" : w.power ? "on" : "off",
            System.currentTimeMillis()));
      }
    });
  }

  private void pollSel(Watched w) {
    w.busy = true;
    Bmc bmc = w.bmc;
    long after = w.lastSelId == null ? 0 : w.lastSelId;
    readSel.apply(bmc, after).onComplete(done -> {
      w.busy = false;
      w.selDueAt = System.currentTimeMillis() + jittered(selPollMillis);
      if (done.failed()) {
        return;
      }
      boolean baseline = w.lastSelId == null;
      long last = after;
      for (SelEntry entry : done.result()) {
        last = Math.max(last, entry.id());
        if (!baseline) {
          publish.accept(new BmcEvent(room, bmc.device(), "sel-entry", entry.sensorKind() + ": " + entry.event()
              + (entry.asserted() ? "" : " (cleared)"), entry.timestamp() * 1000));
        }
      }
      w.lastSelId = last;
    });
  }

  /** ±25 % around {@code millis}. */
  private static long jittered(long millis) {
    long jitter = millis / 4;
    return millis - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
  }
}
