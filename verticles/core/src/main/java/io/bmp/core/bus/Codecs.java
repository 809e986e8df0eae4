package io.bmp.core.bus;

import io.bmp.core.contract.Contracts;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * Registers the codec of every contract record. Every node calls this once before it deploys
 * anything: a node that lacks a codec fails at send time, not at start-up.
 */
public final class Codecs {

  private Codecs() {}

  public static void registerAll(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    for (RecordType<?> type : Contracts.recordTypes()) {
      register(bus, type);
    }
  }

  private static <T extends BusRecord> void register(EventBus bus, RecordType<T> type) {
    try {
      bus.registerDefaultCodec(type.type(), new RecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // registerAll is idempotent: a second deployment on the same Vert.x finds them in place.
    }
  }
}
