package io.bmp.dhcp;

import io.bmp.core.boot.RoomReservations;
import io.bmp.core.contract.DhcpContract.BootSpec;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.protocols.dhcp.Ipv4;
import io.bmp.protocols.dhcp.Mac;
import io.bmp.protocols.pxe.BootProfile;
import java.util.regex.Pattern;

/** Checks reservations coming from central, and serves them to the DHCP logic in its own types. */
final class Reservations {

  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private final RoomReservations book;
  private final DhcpSettings settings;

  Reservations(RoomReservations book, DhcpSettings settings) {
    this.book = book;
    this.settings = settings;
  }

  /** The logic's view: a canonical MAC to its reservation, or null. */
  io.bmp.protocols.dhcp.Reservation forDhcp(String mac) {
    return book.find(mac)
        .map(r -> new io.bmp.protocols.dhcp.Reservation(r.mac(), Ipv4.parse(r.address()), r.hostname()))
        .orElse(null);
  }

  static String canonicalMac(String mac) {
    try {
      return Mac.canonical(mac == null ? "" : mac);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** The reservation with its MAC canonical, or INVALID_ARGUMENT / ALREADY_EXISTS saying what is wrong. */
  Reservation check(Reservation r) {
    String mac = canonicalMac(r.mac());
    int address;
    try {
      address = Ipv4.parse(r.address() == null ? "" : r.address());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (!settings.subnets().isEmpty() && settings.subnets().stream().noneMatch(s -> s.contains(address))) {
      throw invalid("address " + r.address() + " is in none of the room's subnets " + settings.subnets());
    }
    if (r.hostname() != null && !HOSTNAME.matcher(r.hostname()).matches()) {
      throw invalid("hostname '" + r.hostname() + "' is not a DNS label (letters, digits, '-', at most 63)");
    }
    String formatted = Ipv4.format(address);
    book.all().stream().filter(other -> other.address().equals(formatted) && !other.mac().equals(mac)).findFirst()
        .ifPresent(other -> {
          throw new BmpException(ErrorCode.ALREADY_EXISTS,
              "address " + formatted + " is already reserved for " + other.mac());
        });
    BootSpec boot = r.boot();
    if (boot != null) {
      try {
        new BootProfile(mac, boot.kernelUrl(), boot.initrdUrl(), boot.kernelArgs(), boot.agentEndpoint(), boot.agentToken());
      } catch (IllegalArgumentException e) {
        throw invalid("boot: " + e.getMessage());
      }
    }
    return new Reservation(mac, formatted, r.hostname(), boot);
  }

  private static BmpException invalid(String message) {
    return new BmpException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
