package io.bmp.protocols.dhcp;

/** IPv4 addresses as ints in network order, which is how the DHCP header carries them. */
public final class Ipv4 {

  private Ipv4() {}

  /** Parses dotted-quad text; throws {@link IllegalArgumentException} for anything else. */
  public static int parse(String text) {
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  public static String format(int address) {
    return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  /** The netmask of a prefix length, e.g. 24 → 255.255.255.0. */
  public static int mask(int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength);
    }
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }
}
