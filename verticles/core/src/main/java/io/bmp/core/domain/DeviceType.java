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
    Instant createdAt, Instant updatedAt, int version, long stock, Gpu gpu) {

  /** The GPUs of the model, when it has any. */
  public record Gpu(String manufacturer, String model, Integer amount) {}

  public DeviceType {
    bootModes = List.copyOf(bootModes);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }

  /** A type without GPUs. */
  public DeviceType(String id, String roomId, String name, String specCode, String series, String architecture,
      Integer cpuAmount, Integer cpuCores, Integer memSizeGb, Integer nicAmount, String interfaceMode,
      List<String> bootModes, boolean needRaid, String description, List<Volume> volumes,
      Instant createdAt, Instant updatedAt, int version, long stock) {
    this(id, roomId, name, specCode, series, architecture, cpuAmount, cpuCores, memSizeGb, nicAmount, interfaceMode,
        bootModes, needRaid, description, volumes, createdAt, updatedAt, version, stock, null);
  }

  /**
   * What an update may change; null leaves a value as it is. The volumes are not among them: the
   * devices and instances of the type were shelved and installed against them.
   */
  public record Change(String name, String description, List<String> bootModes, Integer cpuAmount, Integer cpuCores,
      Integer memSizeGb, Integer nicAmount, String interfaceMode, Boolean needRaid, Gpu gpu) {}
}
