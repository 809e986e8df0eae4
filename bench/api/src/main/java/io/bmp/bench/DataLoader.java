package io.bmp.bench;

import io.bmp.core.crypto.Tokens;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.repo.InterfaceSummary;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a freshly migrated database with the benchmark's data set in batched SQL: an Owner with
 * an API key, 4 rooms, 8 device types, 100,000 devices (40,000 free, 20,000 with an instance,
 * 40,000 in stock) and 20,000 instances in 200 projects.
 */
final class DataLoader {

  static final int DEVICES = 100_000;
  static final int INSTANCES = 20_000;
  static final int READY = 40_000;
  static final int ROOMS = 4;
  static final int TYPES_PER_ROOM = 2;
  private static final int BATCH = 1000;

  /** What the benchmark requests name. */
  record Loaded(String apiKey, String roomId, String typeId, String imageId, String instanceId) {}

  private DataLoader() {}

  static Loaded load(Database db) {
    var now = Rows.now();
    String token = Tokens.next("bmp_");
    run(db, "INSERT INTO users (id, username, role_id, language, timezone, password_hash, created_at, updated_at, version) "
        + "VALUES ('user-bench', 'bench', 'role-owner', 'en-US', 'UTC', 'x', ?, ?, 0)", List.of(Tuple.of(now, now)));
    run(db, "INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, read_only, created_at) VALUES "
        + "('apikey-bench', 'user-bench', 'bench', ?, ?, FALSE, ?)", List.of(Tuple.of(Tokens.sha256(token), token.substring(0, 10), now)));
    run(db, "INSERT INTO operating_systems (id, name, os_type, os_version, architecture, created_at, updated_at) "
        + "VALUES ('os-bench', 'Ubuntu 22.04', 'Ubuntu', '22.04', 'x86_64', ?, ?)", List.of(Tuple.of(now, now)));
    run(db, "INSERT INTO images (id, name, os_id, architecture, boot_modes, format, file_name, url, sha256, created_at, "
        + "updated_at, version) VALUES ('i-bench', 'ubuntu', 'os-bench', 'x86_64', 'uefi,bios', 'raw.gz', 'u.raw.gz', "
        + "'http://images/u.raw.gz', ?, ?, ?, 0)", List.of(Tuple.of("ab".repeat(32), now, now)));
    List<Tuple> rooms = new ArrayList<>();
    List<Tuple> types = new ArrayList<>();
    List<Tuple> bindings = new ArrayList<>();
    List<Tuple> layouts = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      rooms.add(Tuple.of("idc-bench-" + r, "Room " + r, "r" + r, now, now));
      for (int t = 0; t < TYPES_PER_ROOM; t++) {
        String type = type(r, t);
        types.add(Tuple.from(new Object[] {type, "idc-bench-" + r, "Type " + r + "." + t, "bench." + r + "." + t, now, now}));
        bindings.add(Tuple.of(type, "i-bench"));
        layouts.add(Tuple.of("ptt-bench-" + r + "-" + t, type));
      }
    }
    run(db, "INSERT INTO rooms (id, name, short_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 0)", rooms);
    run(db, "INSERT INTO device_types (id, room_id, name, spec_code, series, architecture, boot_modes, created_at, updated_at, "
        + "version) VALUES (?, ?, ?, ?, 'computer', 'x86_64', 'uefi,bios', ?, ?, 0)", types);
    run(db, "INSERT INTO device_type_images (device_type_id, image_id) VALUES (?, ?)", bindings);
    run(db, "INSERT INTO partition_templates (id, device_type_id, image_id, boot_mode, ordinal, mount_point, fs_type, size_mb) "
        + "VALUES (?, ?, 'i-bench', 'uefi', 0, '/', 'xfs', 0)", layouts);
    List<Tuple> projects = new ArrayList<>();
    for (int p = 0; p < 200; p++) {
      projects.add(Tuple.of("project-bench-" + p, "project " + p, now, now));
    }
    run(db, "INSERT INTO projects (id, name, owner_id, is_default, created_at, updated_at, version) "
        + "VALUES (?, ?, 'user-bench', FALSE, ?, ?, 0)", projects);

    List<Tuple> devices = new ArrayList<>();
    List<Tuple> nics = new ArrayList<>();
    List<Tuple> instances = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      int room = d % ROOMS;
      String type = type(room, (d / ROOMS) % TYPES_PER_ROOM);
      boolean used = d < INSTANCES;
      String state = used ? "in_use" : d < INSTANCES + READY ? "ready" : "in_stock";
      String deviceId = String.format("d-bench%07d", d);
      String instanceId = used ? String.format("bmp-bench%07d", d) : null;
      String mac = String.format("52:54:%02x:%02x:%02x:%02x", (d >> 24) & 0xff, (d >> 16) & 0xff, (d >> 8) & 0xff, d & 0xff);
      // The NIC summary the repository writes beside the device (migration V5).
      String summary = InterfaceSummary.encode(List.of(new NetworkInterface("eth0", mac, "pxe", 0, null, null)));
      devices.add(Tuple.from(new Object[] {deviceId, String.format("SN%08d", d), "idc-bench-" + room, type, state,
          String.format("10.%d.%d.%d", (d >> 16) & 0xff, (d >> 8) & 0xff, d & 0xff), instanceId, now, now, summary}));
      nics.add(Tuple.of("nic-bench" + d, deviceId, mac));
      if (used) {
        instances.add(Tuple.from(new Object[] {instanceId, "project-bench-" + (d % 200), "idc-bench-" + room, deviceId, type,
            "web-" + d, "web-" + d, now, now}));
      }
    }
    run(db, "INSERT INTO devices (id, sn, room_id, device_type_id, state, bmc_address, instance_id, created_at, updated_at, "
        + "interfaces_json, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", devices);
    run(db, "INSERT INTO device_interfaces (id, device_id, name, mac, role, nic_index) VALUES (?, ?, 'eth0', ?, 'pxe', 0)", nics);
    run(db, "INSERT INTO instances (id, project_id, user_id, room_id, device_id, device_type_id, image_id, name, hostname, "
        + "status, locked, boot_mode, created_at, updated_at, version) "
        + "VALUES (?, ?, 'user-bench', ?, ?, ?, 'i-bench', ?, ?, 'running', FALSE, 'uefi', ?, ?, 0)", instances);
    return new Loaded(token, "idc-bench-1", type(1, 0), "i-bench", "bmp-bench0012345");
  }

  static String type(int room, int t) {
    return "dt-bench-" + room + "-" + t;
  }

  private static void run(Database db, String sql, List<Tuple> rows) {
    List<Future<?>> batches = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<Tuple> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH));
      batches.add(db.pool().preparedQuery(sql).executeBatch(chunk));
      if (batches.size() == 4) {
        Future.all(batches).await();
        batches.clear();
      }
    }
    Future.all(batches).await();
  }
}
