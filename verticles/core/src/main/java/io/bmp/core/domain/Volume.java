package io.bmp.core.domain;

import java.util.List;

/** A system or data volume a device type offers, and the RAID levels allowed on it. */
public record Volume(
    String id, String name, String volumeType, String diskType, String interfaceType, int sizeGb,
    int amount, List<String> raidLevelIds) {

  public Volume {
    raidLevelIds = raidLevelIds == null ? List.of() : List.copyOf(raidLevelIds);
  }
}
