package io.bmp.core.domain;

/**
 * One partition of an instance's layout; size 0 means "the rest of the volume". {@code volume} is
 * the device type's volume it lives on: {@code system} (the disk or RAID volume the OS boots from)
 * or {@code data} (the data volume's disks, which a keep-data reinstall leaves as they are).
 */
public record Partition(String mountPoint, String fsType, long sizeMb, String label, String volume) {

  public static final String SYSTEM = "system";
  public static final String DATA = "data";

  public Partition {
    volume = volume == null ? SYSTEM : volume;
  }

  /** A partition of the system volume. */
  public Partition(String mountPoint, String fsType, long sizeMb, String label) {
    this(mountPoint, fsType, sizeMb, label, SYSTEM);
  }

  public boolean onData() {
    return DATA.equals(volume);
  }
}
