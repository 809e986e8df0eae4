package io.bmp.protocols.pxe;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-MAC boot configs, and the file names under which boot loaders ask for them:
 * <ul>
 *   <li>iPXE: {@code boot/<mac with dashes>.ipxe} (the URL the DHCP server hands to iPXE);</li>
 *   <li>GRUB 2: {@code grub/grub.cfg-01-<mac>} (GRUB's network search order starts with the MAC);</li>
 *   <li>pxelinux: {@code pxelinux.cfg/01-<mac>} (ARP type 1, then the MAC, as pxelinux asks).</li>
 * </ul>
 */
public final class BootConfigs {

  public enum Kind { IPXE, GRUB, PXELINUX }

  /** A request for the config of one MAC. */
  public record Wanted(Kind kind, String mac) {}

  private static final String MAC = "((?:[0-9a-f]{2}-){5}[0-9a-f]{2})";
  private static final Pattern IPXE = Pattern.compile("boot/" + MAC + "\\.ipxe");
  private static final Pattern GRUB = Pattern.compile("(?:boot/)?grub/grub\\.cfg-01-" + MAC);
  private static final Pattern PXELINUX = Pattern.compile("pxelinux\\.cfg/01-" + MAC);

  private BootConfigs() {}

  /** Which config a requested (relative, normalised) name asks for, if any. */
  public static Optional<Wanted> parse(String relativeName) {
    String name = relativeName.toLowerCase(Locale.ROOT);
    for (Kind kind : Kind.values()) {
      Pattern p = switch (kind) {
        case IPXE -> IPXE;
        case GRUB -> GRUB;
        case PXELINUX -> PXELINUX;
      };
      Matcher m = p.matcher(name);
      if (m.matches()) {
        return Optional.of(new Wanted(kind, BootProfile.canonicalMac(m.group(1))));
      }
    }
    return Optional.empty();
  }

  public static String render(Kind kind, BootProfile profile) {
    return switch (kind) {
      case IPXE -> ipxe(profile);
      case GRUB -> grub(profile);
      case PXELINUX -> pxelinux(profile);
    };
  }

  /** An iPXE script: fetch kernel and initrd (retried, iPXE has no retry of its own), then boot. */
  public static String ipxe(BootProfile p) {
    String cmdline = String.join(" ", p.commandLine());
    return "#!ipxe\n"
        + "# BMP LiveOS for " + p.mac() + "\n"
        + "set tries:int32 0\n"
        + ":fetch\n"
        + "kernel " + p.kernelUrl() + " initrd=initrd " + cmdline + " && goto initrd || goto retry\n"
        + ":initrd\n"
        + "initrd --name initrd " + p.initrdUrl() + " && goto boot || goto retry\n"
        + ":retry\n"
        + "inc tries\n"
        + "iseq ${tries} 5 && goto failed ||\n"
        + "sleep 3\n"
        + "goto fetch\n"
        + ":boot\n"
        + "boot || goto retry\n"
        + ":failed\n"
        + "echo BMP: could not load the LiveOS after 5 tries; rebooting\n"
        + "sleep 10\n"
        + "reboot\n";
  }

  public static String grub(BootProfile p) {
    return "# BMP LiveOS for " + p.mac() + "\n"
        + "set timeout=0\n"
        + "menuentry 'BMP LiveOS' {\n"
        + "  linux " + grubPath(p.kernelUrl()) + " " + String.join(" ", p.commandLine()) + "\n"
        + "  initrd " + grubPath(p.initrdUrl()) + "\n"
        + "}\n";
  }

  /** GRUB names network files as {@code (http,host:port)/path}. */
  private static String grubPath(String url) {
    java.net.URI u = java.net.URI.create(url);
    String host = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    return "(" + u.getScheme() + "," + host + ")" + u.getRawPath();
  }

  public static String pxelinux(BootProfile p) {
    return "# BMP LiveOS for " + p.mac() + "\n"
        + "DEFAULT bmp\n"
        + "PROMPT 0\n"
        + "LABEL bmp\n"
        + "  KERNEL " + p.kernelUrl() + "\n"
        + "  INITRD " + p.initrdUrl() + "\n"
        + "  APPEND " + String.join(" ", p.commandLine()) + "\n";
  }
}
