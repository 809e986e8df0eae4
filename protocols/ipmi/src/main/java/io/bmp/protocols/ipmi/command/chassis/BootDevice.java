package io.bmp.protocols.ipmi.command.chassis;

/** The boot device selector of the boot flags parameter (IPMI 2.0 Table 28-14, data 2 bits 5:2). */
public enum BootDevice {
  NONE(0x0), PXE(0x1), DISK(0x2), DISK_SAFE_MODE(0x3), DIAGNOSTIC(0x4), CDROM(0x5), BIOS_SETUP(0x6),
  REMOTE_FLOPPY(0x7), REMOTE_CDROM(0x8), REMOTE_DISK(0xB), FLOPPY(0xF);

  public final int selector;

  BootDevice(int selector) {
    this.selector = selector;
  }

  public static BootDevice of(int selector) {
    for (BootDevice d : values()) {
      if (d.selector == selector) {
        return d;
      }
    }
    return NONE;
  }
}
