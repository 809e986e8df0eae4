package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/**
 * A server model of one room: its hardware spec, boot modes and volumes, and (when read) its
 * stock: the devices of the type that are on the shelf and free.
 */
public record DeviceType(
    String id, String roomId, String name, String specCode, String series, String architecture,
    Integer cpuAmount, Integer cpuCores, Integer memSizeGb, Integer nicAmount, String interfaceMode,
    List<String> bootModes, boolean needRaid, String description, List<Volume> volumes,
    Instant createdAt, Instant updatedAt, int version, long stock) {

  public DeviceType {
    bootModes = List.copyOf(bootModes);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }
}
