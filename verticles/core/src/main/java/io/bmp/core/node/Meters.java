package io.bmp.core.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The node's Micrometer registry (scraped at {@code /metrics}) for a verticle's own counters. A
 * verticle deployed without one (in a unit test) counts into a private registry instead.
 */
public final class Meters {

  private Meters() {}

  public static MeterRegistry registry(JsonObject verticleConfig) {
    String name = verticleConfig.getString("metricsRegistry");
    MeterRegistry registry = name == null ? null : BackendRegistries.getNow(name);
    return registry != null ? registry : new SimpleMeterRegistry();
  }
}
