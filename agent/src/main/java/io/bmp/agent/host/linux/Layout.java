package io.bmp.agent.host.linux;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

/**
 * What the steps so far made of the machine's disks, kept in the agent's work directory so that
 * each step finds what the one before it built (the RAID volume partition lays out, the partitions
 * format makes filesystems on, the mounts write-image unpacks into), and so a step run again after
 * an interruption finds the same.
 */
record Layout(String systemDisk, String bootMode, List<Part> parts) {

  /** One partition: its device, its role (efi, bios-boot, or a filesystem of the layout), where it mounts. */
  record Part(int number, String device, String role, String mountPoint, String fsType, String label) {

    JsonObject toJson() {
      return new JsonObject().put("number", number).put("device", device).put("role", role)
          .put("mountPoint", mountPoint).put("fsType", fsType).put("label", label);
    }

    static Part fromJson(JsonObject json) {
      return new Part(json.getInteger("number"), json.getString("device"), json.getString("role"),
          json.getString("mountPoint"), json.getString("fsType"), json.getString("label"));
    }

    /** Mounted while the image is written: the system volume's filesystems, not the data volume's. */
    boolean mountable() {
      return mountPoint != null && !"swap".equals(fsType) && !"bios-boot".equals(role) && !onDataVolume();
    }

    boolean onDataVolume() {
      return DATA_VOLUME.equals(role) || KEPT.equals(role);
    }
  }

  static final String EFI = "efi";
  static final String BIOS_BOOT = "bios-boot";
  static final String DATA = "fs";
  /** A filesystem of the data volume, made by this install. */
  static final String DATA_VOLUME = "data-fs";
  /** A filesystem of the data volume that a keep-data reinstall keeps: never formatted. */
  static final String KEPT = "kept-fs";

  /** The filesystems to mount, parents first (/ before /boot before /boot/efi). */
  List<Part> mountOrder() {
    return parts.stream().filter(Part::mountable)
        .sorted(Comparator.comparingInt((Part p) -> p.mountPoint().equals("/") ? 0 : p.mountPoint().split("/").length)
            .thenComparing(Part::mountPoint))
        .toList();
  }

  Part root() {
    return parts.stream().filter(p -> "/".equals(p.mountPoint())).findFirst().orElse(null);
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    parts.forEach(p -> list.add(p.toJson()));
    return new JsonObject().put("systemDisk", systemDisk).put("bootMode", bootMode).put("partitions", list);
  }

  static Layout fromJson(JsonObject json) {
    return new Layout(json.getString("systemDisk"), json.getString("bootMode"),
        json.getJsonArray("partitions").stream().map(o -> Part.fromJson((JsonObject) o)).toList());
  }

  /** Writes {@code json} to {@code file} atomically: a crash leaves the old state or the new, never half of one. */
  static void save(Path file, JsonObject json) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, json.encodePrettily());
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static JsonObject load(Path file) throws IOException {
    return Files.exists(file) ? new JsonObject(Files.readString(file)) : null;
  }
}
