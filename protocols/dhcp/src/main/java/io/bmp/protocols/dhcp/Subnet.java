package io.bmp.protocols.dhcp;

import java.util.List;

/**
 * A subnet whose clients this server configures: everything a lease carries besides the address.
 * Nothing here has a built-in default; the room's configuration says it all.
 *
 * @param router the default gateway, or null for none
 * @param domain the DNS domain, or null for none
 */
public record Subnet(int network, int prefixLength, Integer router, List<Integer> dnsServers, String domain,
    int leaseSeconds) {

  public Subnet {
    if (prefixLength < 1 || prefixLength > 30) {
      throw new IllegalArgumentException("subnet prefix length must be 1..30, was " + prefixLength);
    }
    if ((network & ~Ipv4.mask(prefixLength)) != 0) {
      throw new IllegalArgumentException(Ipv4.format(network) + "/" + prefixLength + " has host bits set");
    }
    if (leaseSeconds < 60) {
      throw new IllegalArgumentException("lease time must be at least 60 s, was " + leaseSeconds);
    }
    dnsServers = List.copyOf(dnsServers);
  }

  public int mask() {
    return Ipv4.mask(prefixLength);
  }

  public boolean contains(int address) {
    return (address & mask()) == network;
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
