package io.bmp.core.domain;

import java.util.Locale;

/** Where one step of a task is. */
public enum StepState {
  PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

  public boolean finished() {
    return this != PENDING && this != RUNNING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
