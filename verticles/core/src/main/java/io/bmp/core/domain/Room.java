package io.bmp.core.domain;

import java.time.Instant;

/**
 * A computer room (the seed's "idc"). Its default BMC password is stored encrypted and never
 * leaves the server; {@link #hasBmcPassword()} is all a client learns of it.
 */
public record Room(
    String id, String name, String nameEn, String shortName, String level, String address,
    String description, String bmcUser, String bmcPasswordEnc, Instant createdAt, Instant updatedAt,
    int version) {

  public boolean hasBmcPassword() {
    return bmcPasswordEnc != null && !bmcPasswordEnc.isEmpty();
  }
}
