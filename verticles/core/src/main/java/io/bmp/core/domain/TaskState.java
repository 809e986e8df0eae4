package io.bmp.core.domain;

import java.util.Locale;

/** Where a task is. PENDING and RUNNING tasks hold their device's one active-task slot. */
public enum TaskState {
  PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean active() {
    return this == PENDING || this == RUNNING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
