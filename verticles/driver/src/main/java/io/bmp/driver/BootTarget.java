package io.bmp.driver;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;

/** Boot devices the contract names. */
public enum BootTarget {
  NONE("none"), PXE("pxe"), DISK("disk"), BIOS("bios"), CDROM("cdrom");

  public final String wire;

  BootTarget(String wire) {
    this.wire = wire;
  }

  public static BootTarget of(String wire) {
    for (BootTarget t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new BmpException(ErrorCode.INVALID_ARGUMENT, "unknown boot target '" + wire + "' (pxe, disk, bios, cdrom, none)");
  }
}
