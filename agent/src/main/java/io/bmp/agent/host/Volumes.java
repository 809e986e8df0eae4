package io.bmp.agent.host;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How many of the machine's disks each volume of its device type has: the system volume's are
 * the first ones, the data volume's the next ones (in the order the agent lists its disks). A
 * count of 0 is not known (a task from before volumes, or a type without that volume).
 */
public record Volumes(int systemDisks, int dataDisks) {

  public static final Volumes UNKNOWN = new Volumes(0, 0);

  public static Volumes of(JsonObject params) {
    return new Volumes(params.getInteger("systemDisks", 0), params.getInteger("dataDisks", 0));
  }

  /** The system volume's disks: its count; unknown, the members {@code systemLevel} needs, or the first disk. */
  public List<String> system(List<String> disks, String systemLevel) throws ImageException {
    int count = systemDisks > 0 ? systemDisks : systemLevel != null ? RaidLevel.of(systemLevel, disks.size()).members() : 1;
    if (disks.size() < count) {
      throw new ImageException("INVALID_STATE", "the system volume has " + count + " disks; this machine has "
          + disks.size());
    }
    return disks.subList(0, count);
  }

  /** The data volume's disks, after the system volume's: its count, or (unknown) every disk left. */
  public List<String> data(List<String> disks, String systemLevel) throws ImageException {
    int first = system(disks, systemLevel).size();
    int count = dataDisks > 0 ? dataDisks : disks.size() - first;
    if (disks.size() < first + count) {
      throw new ImageException("INVALID_STATE", "the data volume has " + count + " disks after the system volume's "
          + first + "; this machine has " + disks.size());
    }
    return disks.subList(first, first + count);
  }
}
