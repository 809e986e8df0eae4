package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Installs GRUB from inside the installed system (chroot), as its own distribution would: the image
 * brings grub-install and its modules, and a kernel the installer's config finds. UEFI installs to
 * the removable-media path (EFI/BOOT/BOOTX64.EFI), so the firmware finds it without an NVRAM entry
 * the platform would have to keep; BIOS installs to the system disk's MBR and BIOS-boot partition.
 */
final class BootLoader {

  private final Target target;
  private final Layout layout;

  BootLoader(Target target, Layout layout) {
    this.target = target;
    this.layout = layout;
  }

  /** What was installed, or why nothing was: "grub", or "none: …" when the image has no GRUB. */
  String install() throws IOException {
    String grub = Files.exists(target.root().resolve("usr/sbin/grub-install")) ? "grub"
        : Files.exists(target.root().resolve("usr/sbin/grub2-install")) ? "grub2" : null;
    if (grub == null) {
      return "none: the image has no grub-install";
    }
    if (!"bios".equals(layout.bootMode()) && target.skipped().contains("/boot/efi")) {
      throw new ImageException("TOOL_MISSING", "the LiveOS kernel cannot mount the EFI partition (no vfat)");
    }
    target.bindSystem();
    String root = target.root().toString();
    Duration limit = Duration.ofMinutes(10);
    if ("bios".equals(layout.bootMode())) {
      Tools.run(null, limit, "chroot", root, grub + "-install", "--target=i386-pc", "/dev/" + layout.systemDisk());
    } else {
      String efiTarget = System.getProperty("os.arch").equals("aarch64") ? "arm64-efi" : "x86_64-efi";
      Tools.run(null, limit, "chroot", root, grub + "-install", "--target=" + efiTarget, "--efi-directory=/boot/efi",
          "--removable", "--no-nvram");
    }
    Tools.run(null, limit, "chroot", root, grub + "-mkconfig", "-o", "/boot/" + grub + "/grub.cfg");
    return grub;
  }
}
