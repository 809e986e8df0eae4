package io.bmp.scheduler;

import io.vertx.core.json.JsonObject;

/** How long one attempt of a step may take and how many attempts it gets. */
record StepPolicy(long timeoutMillis, int attempts) {

  StepPolicy {
    if (timeoutMillis <= 0 || attempts <= 0) {
      throw new IllegalArgumentException("a step needs a positive timeout and at least one attempt");
    }
  }

  /** This policy with what {@code override} sets ({@code timeoutSeconds} or {@code timeoutMillis}, {@code attempts}). */
  StepPolicy with(JsonObject override) {
    if (override == null) {
      return this;
    }
    long timeout = override.containsKey("timeoutMillis") ? override.getLong("timeoutMillis")
        : override.containsKey("timeoutSeconds") ? override.getLong("timeoutSeconds") * 1000 : timeoutMillis;
    return new StepPolicy(timeout, override.getInteger("attempts", attempts));
  }
}
