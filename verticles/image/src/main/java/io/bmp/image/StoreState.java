package io.bmp.image;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.net.URI;
import java.nio.file.Path;

/**
 * What the image verticle instances serving one store share within a Vert.x instance: its disk
 * budget (scanned once) and its pull-through fetches, so that N instances still fetch a missing
 * file once.
 */
final class StoreState implements Shareable {

  final StoreBudget budget;
  final PullThrough pull; // null when the store is the origin itself
  final Future<Void> scanned;

  private StoreState(Vertx vertx, Path store, long maxBytes, URI origin) {
    this.budget = new StoreBudget(store, maxBytes);
    this.pull = origin == null ? null : new PullThrough(vertx, origin, budget);
    this.scanned = vertx.executeBlocking(() -> {
      budget.scan();
      return null;
    }, false);
  }

  static StoreState of(Vertx vertx, Path store, long maxBytes, URI origin) {
    LocalMap<String, StoreState> states = vertx.sharedData().getLocalMap("bmp.image.stores");
    synchronized (states) {
      StoreState state = states.get(store.toString());
      if (state == null) {
        state = new StoreState(vertx, store, maxBytes, origin);
        states.put(store.toString(), state);
      }
      return state;
    }
  }
}
