package io.bmp.api.handlers;

import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Partition;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Partition layouts as the seed system's rules allow them: one root, each mount point once, swap
 * only with the swap file system and vice versa, and only the last partition of each volume may
 * take "the rest of the volume" (size 0). The root, /boot and swap stay on the system volume (the
 * data volume is what a keep-data reinstall keeps). The schema already limits mount points and
 * file systems.
 */
final class Partitions {

  private static final Set<String> SYSTEM_ONLY = Set.of("/", "/boot", "swap");

  private Partitions() {}

  static List<Partition> parse(JsonArray array) {
    List<Partition> partitions = new ArrayList<>();
    Set<String> mounts = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject p = array.getJsonObject(i);
      String mount = p.getString("mountPoint");
      String fs = p.getString("fsType");
      long size = p.getLong("sizeMb");
      String volume = p.getString("volume", Partition.SYSTEM);
      String at = "/partitions/" + i;
      if (!mounts.add(mount)) {
        throw invalid(at, "mount point " + mount + " appears twice");
      }
      if (mount.equals("swap") != fs.equals("swap")) {
        throw invalid(at, "swap needs the swap file system, and the swap file system needs the swap mount point");
      }
      if (Partition.DATA.equals(volume) && SYSTEM_ONLY.contains(mount)) {
        throw invalid(at, mount + " must be on the system volume");
      }
      if (size == 0 && !lastOf(array, i, volume)) {
        throw invalid(at, "only the last partition of a volume may take the rest of it (size 0)");
      }
      partitions.add(new Partition(mount, fs, size, p.getString("label"), volume));
    }
    if (!mounts.contains("/")) {
      throw invalid("/partitions", "a layout needs a root (/) partition");
    }
    return partitions;
  }

  /** Whether a layout with data-volume partitions fits the device type: it must have a data volume. */
  static void checkVolumes(List<Partition> partitions, DeviceType type) {
    if (partitions.stream().anyMatch(Partition::onData) && type.volumes().stream()
        .noneMatch(v -> v.volumeType().equals(Partition.DATA))) {
      throw invalid("/partitions", "device type " + type.id() + " has no data volume for the partitions on volume data");
    }
  }

  private static boolean lastOf(JsonArray array, int index, String volume) {
    for (int i = index + 1; i < array.size(); i++) {
      if (volume.equals(array.getJsonObject(i).getString("volume", Partition.SYSTEM))) {
        return false;
      }
    }
    return true;
  }

  private static BmpException invalid(String field, String reason) {
    return BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field", "field " + field + ": " + reason, field, reason);
  }
}
