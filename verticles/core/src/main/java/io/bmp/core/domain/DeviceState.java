package io.bmp.core.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a device is in its life, with the moves allowed between states (the seed's implicit
 * manage_status rules of seed-bmp.md section 3.4, made explicit). A repository moves a device only
 * along these edges, in the same UPDATE that checks the current state.
 */
public enum DeviceState {
  /** Imported, not yet offered to tenants. */
  IN_STOCK,
  /** Shelf-on task running: BMC enrolment check. */
  SHELVING,
  /** On the shelf: free for an instance. */
  READY,
  /** Shelf-on failed; the reason says why. */
  SHELF_FAILED,
  /** Carries an instance. */
  IN_USE,
  /** Something went wrong that an operator must look at. */
  ERROR,
  /** Retired; its serial number and MACs may be imported again. */
  REMOVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeviceState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The states a device may move to from this one. */
  public Set<DeviceState> next() {
    return switch (this) {
      case IN_STOCK -> EnumSet.of(SHELVING, REMOVED);
      case SHELVING -> EnumSet.of(READY, SHELF_FAILED);
      case SHELF_FAILED -> EnumSet.of(SHELVING, IN_STOCK, REMOVED);
      case READY -> EnumSet.of(IN_USE, IN_STOCK, REMOVED);
      case IN_USE -> EnumSet.of(READY, ERROR);
      case ERROR -> EnumSet.of(IN_STOCK, READY, REMOVED);
      case REMOVED -> EnumSet.noneOf(DeviceState.class);
    };
  }

  /** The states from which a device may move to {@code target}. */
  public static Set<DeviceState> predecessorsOf(DeviceState target) {
    Set<DeviceState> from = EnumSet.noneOf(DeviceState.class);
    for (DeviceState state : values()) {
      if (state.next().contains(target)) {
        from.add(state);
      }
    }
    return from;
  }
}
