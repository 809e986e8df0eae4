package io.bmp.core.domain;

import java.util.Locale;

/**
 * Where an instance is. The "-ing" statuses last while the task that started them runs; a failed
 * task leaves {@link #ERROR} with the failed action as the reason.
 */
public enum InstanceStatus {
  CREATING, RUNNING, STARTING, STOPPING, STOPPED, RESTARTING, REINSTALLING, RESETTING_PASSWORD, DELETING, ERROR;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InstanceStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
