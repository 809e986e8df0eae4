package io.bmp.api.handlers;

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
 * only with the swap file system and vice versa, and only the last partition may take "the rest
 * of the disk" (size 0). The schema already limits mount points and file systems.
 */
final class Partitions {

  private Partitions() {}

  static List<Partition> parse(JsonArray array) {
    List<Partition> partitions = new ArrayList<>();
    Set<String> mounts = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject p = array.getJsonObject(i);
      String mount = p.getString("mountPoint");
      String fs = p.getString("fsType");
      long size = p.getLong("sizeMb");
      String at = "/partitions/" + i;
      if (!mounts.add(mount)) {
        throw invalid(at, "mount point " + mount + " appears twice");
      }
      if (mount.equals("swap") != fs.equals("swap")) {
        throw invalid(at, "swap needs the swap file system, and the swap file system needs the swap mount point");
      }
      if (size == 0 && i != array.size() - 1) {
        throw invalid(at, "only the last partition may take the rest of the disk (size 0)");
      }
      partitions.add(new Partition(mount, fs, size, p.getString("label")));
    }
    if (!mounts.contains("/")) {
      throw invalid("/partitions", "a layout needs a root (/) partition");
    }
    return partitions;
  }

  private static BmpException invalid(String field, String reason) {
    return BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field", "field " + field + ": " + reason, field, reason);
  }
}
