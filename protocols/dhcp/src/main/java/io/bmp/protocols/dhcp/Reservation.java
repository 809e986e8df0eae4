package io.bmp.protocols.dhcp;

/** The address (and name) one MAC gets; reservations are the only way to get an address here. */
public record Reservation(String mac, int address, String hostname) {

  public Reservation {
    mac = Mac.canonical(mac);
  }
}
