package io.bmp.agent.host;

import java.util.Locale;

/**
 * A RAID level the agent builds a volume at, and how many disks it takes ({@code raid51h}: RAID 5
 * with the last member as a hot spare).
 */
public record RaidLevel(String name, int members) {

  /** {@code raid0}, {@code raid1}, {@code raid5} or {@code raid10} (any case), checked against the machine's disk count. */
  public static RaidLevel of(String level, int disks) throws ImageException {
    String normalized = level == null ? "" : level.toLowerCase(Locale.ROOT);
    int needs = switch (normalized) {
      case "raid0", "raid1" -> 2;
      case "raid5" -> 3;
      case "raid10", "raid51h" -> 4;
      default -> throw new ImageException("INVALID_ARGUMENT", "unknown RAID level " + level);
    };
    if (disks < needs) {
      throw new ImageException("INVALID_ARGUMENT", normalized + " needs " + needs + " disks; this machine has " + disks);
    }
    return new RaidLevel(normalized, needs);
  }

  /**
   * The level over a volume's own disks: all of them (a RAID 5 over a 4-disk volume takes the 4),
   * at least as many as the level needs.
   */
  public static RaidLevel over(String level, int volumeDisks, String volume) throws ImageException {
    RaidLevel least = of(level, Integer.MAX_VALUE);
    if (volumeDisks < least.members()) {
      throw new ImageException("INVALID_ARGUMENT", least.name() + " needs " + least.members() + " disks; the " + volume
          + " volume has " + volumeDisks);
    }
    return new RaidLevel(least.name(), volumeDisks);
  }

  /** The number mdadm's --level takes: 0, 1, 5, 10. */
  public String mdadmLevel() {
    return name.equals("raid51h") ? "5" : name.substring(4);
  }

  /** How many of the members are hot spares. */
  public int spares() {
    return name.equals("raid51h") ? 1 : 0;
  }
}
