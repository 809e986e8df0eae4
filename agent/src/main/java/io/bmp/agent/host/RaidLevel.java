package io.bmp.agent.host;

import java.util.Locale;

/** A system-volume RAID level the agent builds, and how many disks it takes. */
public record RaidLevel(String name, int members) {

  /** {@code raid0}, {@code raid1}, {@code raid5} or {@code raid10} (any case), checked against the machine's disk count. */
  public static RaidLevel of(String level, int disks) throws ImageException {
    String normalized = level == null ? "" : level.toLowerCase(Locale.ROOT);
    int needs = switch (normalized) {
      case "raid0", "raid1" -> 2;
      case "raid5" -> 3;
      case "raid10" -> 4;
      default -> throw new ImageException("INVALID_ARGUMENT", "unknown RAID level " + level);
    };
    if (disks < needs) {
      throw new ImageException("INVALID_ARGUMENT", normalized + " needs " + needs + " disks; this machine has " + disks);
    }
    return new RaidLevel(normalized, needs);
  }

  /** The number mdadm's --level takes: 0, 1, 5, 10. */
  public String mdadmLevel() {
    return name.substring(4);
  }
}
