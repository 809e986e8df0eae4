package io.bmp.protocols.dhcp;

import java.util.HexFormat;

/** Hardware addresses as canonical lower-case colon-separated text. */
public final class Mac {

  private Mac() {}

  public static String format(byte[] bytes, int length) {
    StringBuilder s = new StringBuilder(length * 3);
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        s.append(':');
      }
      s.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    return s.toString();
  }

  /** Accepts {@code aa:bb:..}, {@code aa-bb-..} or twelve bare hex digits. */
  public static byte[] parse(String mac) {
    String hex = mac.trim().replace(":", "").replace("-", "");
    if (hex.length() != 12) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a MAC address: " + mac, e);
    }
  }

  public static String canonical(String mac) {
    return format(parse(mac), 6);
  }
}
