package io.bmp.protocols.dhcp;

/**
 * The firmware asking, from option 93 (RFC 4578 §2.1; IANA "Processor Architecture Types").
 * Chooses which first-stage boot file a PXE ROM gets.
 */
public enum ClientArchitecture {
  BIOS, UEFI_X64, UEFI_ARM64, UNKNOWN;

  /** Maps an option-93 code; no option at all means a legacy BIOS PXE ROM. */
  public static ClientArchitecture of(Integer code) {
    if (code == null || code == 0) {
      return BIOS;
    }
    return switch (code) {
      case 7, 9, 16 -> UEFI_X64; // 7 and 9 are both used by x64 UEFI firmware; 16 is x64 UEFI HTTP boot
      case 11, 19 -> UEFI_ARM64;
      default -> UNKNOWN;
    };
  }
}
