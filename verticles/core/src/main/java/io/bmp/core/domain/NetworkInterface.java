package io.bmp.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A NIC of a device. The MAC is kept in one canonical form (lower case, colon-separated) so that
 * uniqueness holds however it was typed at import.
 */
public record NetworkInterface(String name, String mac, String role, int index, String switchIp, String switchPort) {

  private static final Pattern MAC = Pattern.compile("^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^[0-9a-f]{12}$");

  public NetworkInterface {
    mac = canonicalMac(mac);
  }

  /** {@code aa:bb:cc:dd:ee:ff}; throws IllegalArgumentException for anything that is not a MAC. */
  public static String canonicalMac(String mac) {
    if (isCanonical(mac)) {
      return mac; // every MAC read back from the database: no regex, no copy (the device list reads 20 pages' worth)
    }
    String lower = mac == null ? "" : mac.trim().toLowerCase(Locale.ROOT);
    if (!MAC.matcher(lower).matches()) {
      throw new IllegalArgumentException("not a MAC address: '" + mac + "'");
    }
    String hex = lower.replace(":", "").replace("-", "");
    StringBuilder out = new StringBuilder(17);
    for (int i = 0; i < 12; i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString();
  }

  private static boolean isCanonical(String mac) {
    if (mac == null || mac.length() != 17) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      char c = mac.charAt(i);
      boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
