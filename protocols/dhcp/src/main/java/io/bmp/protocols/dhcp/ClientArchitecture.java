package io.bmp.protocols.dhcp;

/**
 * The firmware asking, from option 93 (RFC 4578 §2.1; IANA "Processor Architecture Types").
 * Chooses which first-stage boot file a PXE ROM gets.
 */
public enum ClientArchitecture {
  BIOS, UEFI_X64, UEFI_ARM64,
  /** UEFI HTTP boot (codes 16 and 19): the boot file is an http:// URL, not a TFTP name. */
  HTTP_X64, HTTP_ARM64,
  UNKNOWN;

  /** True for UEFI HTTP boot clients. */
  public boolean httpBoot() {
    return this == HTTP_X64 || this == HTTP_ARM64;
  }

  /** Maps an option-93 code; no option at all means a legacy BIOS PXE ROM. */
  public static ClientArchitecture of(Integer code) {
    if (code == null || code == 0) {
      return BIOS;
    }
    return switch (code) {
      case 7, 9 -> UEFI_X64; // both are used by x64 UEFI firmware
      case 11 -> UEFI_ARM64;
      case 16 -> HTTP_X64;
      case 19 -> HTTP_ARM64;
      default -> UNKNOWN;
    };
  }
}
