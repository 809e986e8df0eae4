package io.bmp.driver;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;

/** The power actions of the contract, with the state each one ends in (null: no change expected). */
public enum PowerAction {
  STATUS("status", null), ON("on", true), OFF("off", false), SOFT_OFF("soft-off", false), CYCLE("cycle", true),
  RESET("reset", true);

  public final String wire;
  public final Boolean endsOn;

  PowerAction(String wire, Boolean endsOn) {
    this.wire = wire;
    this.endsOn = endsOn;
  }

  public static PowerAction of(String wire) {
    for (PowerAction a : values()) {
      if (a.wire.equals(wire)) {
        return a;
      }
    }
    throw new BmpException(ErrorCode.INVALID_ARGUMENT, "unknown power action '" + wire
        + "' (status, on, off, soft-off, cycle, reset)");
  }
}
