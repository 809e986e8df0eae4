package io.bmp.core.domain;

/** A disk hardware collection found in a device, and the device type volume it belongs to. */
public record Disk(String name, String devicePath, String serialNumber, long sizeBytes, String diskType,
    String interfaceType, String controller, String enclosure, String slot, String volumeId) {}
