package io.bmp.protocols.dhcp;

/**
 * What each kind of network-boot client is told to load. PXE ROMs get the iPXE binary for their
 * architecture over TFTP (the first stage); iPXE itself gets the HTTP address of its per-MAC script
 * ({@code {mac}} is replaced by the MAC with dashes, e.g. {@code 52-54-00-12-34-56}), so TFTP carries
 * only the first stage. UEFI HTTP boot firmware gets an {@code http://} URL of the iPXE binary
 * ({@code httpUefiX64}, {@code httpUefiArm64}; it cannot use a TFTP name). A null file means that
 * kind of client gets no boot file.
 */
public record BootFiles(String bios, String uefiX64, String uefiArm64, String ipxeScriptUrl, String httpUefiX64,
    String httpUefiArm64) {

  public static final BootFiles NONE = new BootFiles(null, null, null, null);

  /** Without UEFI HTTP boot. */
  public BootFiles(String bios, String uefiX64, String uefiArm64, String ipxeScriptUrl) {
    this(bios, uefiX64, uefiArm64, ipxeScriptUrl, null, null);
  }

  /** The file for a PXE ROM of this architecture, or null. */
  public String forFirmware(ClientArchitecture architecture) {
    return switch (architecture) {
      case BIOS -> bios;
      case UEFI_X64 -> uefiX64;
      case UEFI_ARM64 -> uefiArm64;
      case HTTP_X64 -> httpUefiX64;
      case HTTP_ARM64 -> httpUefiArm64;
      case UNKNOWN -> null;
    };
  }

  /** The script URL for iPXE running on the NIC with this MAC, or null. */
  public String forIpxe(String mac) {
    return ipxeScriptUrl == null ? null : ipxeScriptUrl.replace("{mac}", mac.replace(':', '-'));
  }
}
