package io.bmp.agent.lab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Many simulated BMCs in one process, one UDP port each ({@code firstPort}, {@code firstPort + 1},
 * …), spread over the event loops: a room's worth of BMCs for the lab and for benchmarks.
 */
public final class BmcFarm {

  private final List<SimulatedBmc> bmcs;

  private BmcFarm(List<SimulatedBmc> bmcs) {
    this.bmcs = List.copyOf(bmcs);
  }

  /** Starts {@code count} BMCs on {@code host}; if one port cannot be had, those started are closed again. */
  public static Future<BmcFarm> start(Vertx vertx, String host, int firstPort, int count, SimulatedBmc.Settings settings) {
    if (count < 1 || firstPort < 1 || firstPort + count - 1 > 65535) {
      return Future.failedFuture(new IllegalArgumentException("ports " + firstPort + ".." + (firstPort + count - 1)
          + " are not all valid UDP ports"));
    }
    List<Future<SimulatedBmc>> starting = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // The product ID tells the BMCs apart in Get Device ID answers.
      starting.add(SimulatedBmc.start(vertx, host, firstPort + i, settings, i + 1));
    }
    return Future.join(starting).transform(done -> {
      List<SimulatedBmc> started = starting.stream().filter(Future::succeeded).map(Future::result).toList();
      if (done.succeeded()) {
        return Future.succeededFuture(new BmcFarm(started));
      }
      return Future.join(started.stream().map(SimulatedBmc::close).toList())
          .transform(closed -> Future.failedFuture(done.cause()));
    });
  }

  public List<SimulatedBmc> bmcs() {
    return bmcs;
  }

  public Future<Void> close() {
    return Future.join(bmcs.stream().map(SimulatedBmc::close).toList()).mapEmpty();
  }
}
