package io.bmp.core.repo;

import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Volume;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device types with their volumes and the RAID levels each volume allows. */
public final class DeviceTypeRepository extends Repository {

  private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "specCode", "spec_code");
  /** Devices of the type that are on the shelf and free: what tenants can get. */
  private static final String STOCK = "(SELECT COUNT(*) FROM devices d WHERE d.device_type_id = device_types.id "
      + "AND d.state = 'ready' AND d.alive = 1) AS stock";

  private static final String COLUMNS = "id, room_id, name, spec_code, series, architecture, cpu_amount, cpu_cores, "
      + "mem_size_gb, nic_amount, interface_mode, boot_modes, need_raid, description, created_at, updated_at, "
      + "gpu_manufacturer, gpu_model, gpu_amount, version";

  public DeviceTypeRepository(Database database) {
    super(database, Map.of(
        "uk_device_types_name", "the room already has a device type with this name",
        "uk_device_types_spec", "the room already has a device type with this spec code",
        "fk_device_types_room", "the room does not exist",
        "uk_volumes_name", "two volumes of one device type cannot share a name",
        "fk_volume_raid_raid", "unknown RAID level"));
  }

  /** Creates the type and its volumes in one transaction. */
  public Future<DeviceType> create(DeviceType type) {
    var now = Rows.now();
    return database.inTransaction(tx -> update(tx,
            "INSERT INTO device_types (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            Tuple.from(new Object[] {type.id(), type.roomId(), type.name(), type.specCode(), type.series(),
                type.architecture(), type.cpuAmount(), type.cpuCores(), type.memSizeGb(), type.nicAmount(),
                type.interfaceMode(), String.join(",", type.bootModes()), type.needRaid(), type.description(),
                now, now, orNone(type.gpu()).manufacturer(), orNone(type.gpu()).model(), orNone(type.gpu()).amount()}))
        .compose(n -> insertVolumes(tx, type.id(), type.volumes())))
        .compose(v -> get(type.id()));
  }

  private Future<Void> insertVolumes(SqlClient tx, String typeId, List<Volume> volumes) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      String volumeId = volume.id() != null ? volume.id() : Ids.next("vl");
      int ordinal = i;
      chain = chain
          .compose(v -> update(tx,
              "INSERT INTO device_type_volumes (id, device_type_id, name, volume_type, disk_type, interface_type, "
                  + "size_gb, amount, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              Tuple.from(new Object[] {volumeId, typeId, volume.name(), volume.volumeType(), volume.diskType(),
                  volume.interfaceType(), volume.sizeGb(), volume.amount(), ordinal})))
          .compose(n -> volume.raidLevelIds().isEmpty() ? Future.succeededFuture()
              : tx.preparedQuery("INSERT INTO volume_raid_levels (volume_id, raid_id) VALUES (?, ?)")
                  .executeBatch(volume.raidLevelIds().stream().map(raid -> Tuple.of(volumeId, raid)).toList())
                  .recover(failure -> Future.failedFuture(io.bmp.core.storage.SqlErrors.map(failure,
                      Map.of("fk_volume_raid_raid", "unknown RAID level in " + volume.raidLevelIds())))))
          .mapEmpty();
    }
    return chain;
  }

  public Future<Optional<DeviceType>> find(String id) {
    return one(pool(), "SELECT " + COLUMNS + ", " + STOCK + " FROM device_types WHERE id = ? AND alive = 1", Tuple.of(id), row -> row)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.empty())
            : volumesOf(id).map(volumes -> Optional.of(map(row.get(), volumes))));
  }

  public Future<DeviceType> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> CatalogRepository.notFound("noun.deviceType", id)));
  }

  /** One page of device types with their volumes and stock. */
  public Future<io.bmp.core.storage.Page<DeviceType>> page(String roomId, String series, io.bmp.core.storage.PageRequest page,
      String sort) {
    io.bmp.core.storage.Where where = new io.bmp.core.storage.Where("alive = 1").eq("room_id", roomId).eq("series", series);
    Future<Long> total = listTotal("SELECT COUNT(*) FROM device_types" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(), "SELECT " + COLUMNS + ", " + STOCK + " FROM device_types" + where.sql()
        + io.bmp.core.storage.Sort.orderBy(sort, SORTABLE, "name") + " LIMIT ? OFFSET ?", where.argsWithPage(page), r -> r);
    return Future.all(total, rows).compose(v -> {
      List<Future<DeviceType>> types = rows.result().stream()
          .map(r -> volumesOf(r.getString("id")).map(volumes -> map(r, volumes))).toList();
      return Future.all(types).map(all -> new io.bmp.core.storage.Page<>(
          types.stream().map(Future::result).toList(), total.result(), page.pageNumber(), page.pageSize()));
    });
  }

  /** Changes what the change names if the caller saw the current version. */
  public Future<DeviceType> update(String id, int expectedVersion, DeviceType.Change change) {
    DeviceType.Gpu gpu = orNone(change.gpu());
    return update(pool(), "UPDATE device_types SET name = COALESCE(?, name), description = COALESCE(?, description), "
            + "boot_modes = COALESCE(?, boot_modes), cpu_amount = COALESCE(?, cpu_amount), cpu_cores = COALESCE(?, cpu_cores), "
            + "mem_size_gb = COALESCE(?, mem_size_gb), nic_amount = COALESCE(?, nic_amount), "
            + "interface_mode = COALESCE(?, interface_mode), need_raid = COALESCE(?, need_raid), "
            + "gpu_manufacturer = COALESCE(?, gpu_manufacturer), gpu_model = COALESCE(?, gpu_model), "
            + "gpu_amount = COALESCE(?, gpu_amount), updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND version = ? AND alive = 1",
        Tuple.from(new Object[] {change.name(), change.description(),
            change.bootModes() == null ? null : String.join(",", change.bootModes()), change.cpuAmount(), change.cpuCores(),
            change.memSizeGb(), change.nicAmount(), change.interfaceMode(), change.needRaid(), gpu.manufacturer(), gpu.model(),
            gpu.amount(), Rows.now(), id, expectedVersion}))
        .compose(changed -> changed == 1 ? get(id) : find(id).compose(found -> Future.failedFuture(found.isEmpty()
            ? CatalogRepository.notFound("noun.deviceType", id)
            : BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict",
                "device type " + id + " was changed by someone else; reload and retry", "noun.deviceType", id))));
  }

  /** Deletes a device type no live device or instance uses. */
  public Future<Void> delete(String id) {
    return database.inTransaction(tx -> count(tx,
            "SELECT (SELECT COUNT(*) FROM devices WHERE device_type_id = ? AND alive = 1)"
                + " + (SELECT COUNT(*) FROM instances WHERE device_type_id = ? AND alive = 1)", Tuple.of(id, id))
        .compose(users -> users > 0
            ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.deviceTypeInUse", "device type " + id + " is used by " + users + " devices or instances", id, users))
            : update(tx, "UPDATE device_types SET alive = NULL, deleted_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
                Tuple.of(Rows.now(), id)))
        // A deleted type binds no image any more: its bindings would keep those images from being
        // deleted, with no live type to unbind them from (the row stays, so ON DELETE CASCADE never fires).
        .compose(n -> n == 1 ? update(tx, "DELETE FROM device_type_images WHERE device_type_id = ?", Tuple.of(id)).<Void>mapEmpty()
            : Future.failedFuture(CatalogRepository.notFound("noun.deviceType", id))));
  }

  public Future<List<DeviceType>> listByRoom(String roomId) {
    return list(pool(), "SELECT " + COLUMNS + " FROM device_types WHERE room_id = ? AND alive = 1 ORDER BY name",
        Tuple.of(roomId), row -> map(row, List.of()));
  }

  private Future<List<Volume>> volumesOf(String typeId) {
    return list(pool(),
        "SELECT v.id, v.name, v.volume_type, v.disk_type, v.interface_type, v.size_gb, v.amount, r.raid_id "
            + "FROM device_type_volumes v LEFT JOIN volume_raid_levels r ON r.volume_id = v.id "
            + "WHERE v.device_type_id = ? ORDER BY v.ordinal, r.raid_id",
        Tuple.of(typeId), row -> row)
        .map(rows -> {
          Map<String, Volume> byId = new LinkedHashMap<>();
          Map<String, List<String>> raids = new LinkedHashMap<>();
          for (Row row : rows) {
            String volumeId = row.getString("id");
            raids.computeIfAbsent(volumeId, k -> new ArrayList<>());
            if (row.getString("raid_id") != null) {
              raids.get(volumeId).add(row.getString("raid_id"));
            }
            byId.putIfAbsent(volumeId, new Volume(volumeId, row.getString("name"), row.getString("volume_type"),
                row.getString("disk_type"), row.getString("interface_type"), Rows.integer(row, "size_gb"),
                Rows.integer(row, "amount"), List.of()));
          }
          return byId.values().stream()
              .map(v -> new Volume(v.id(), v.name(), v.volumeType(), v.diskType(), v.interfaceType(), v.sizeGb(),
                  v.amount(), raids.get(v.id())))
              .toList();
        });
  }

  private static boolean hasColumn(Row row, String column) {
    return row.getColumnIndex(column) >= 0;
  }

  private static DeviceType map(Row row, List<Volume> volumes) {
    return new DeviceType(row.getString("id"), row.getString("room_id"), row.getString("name"),
        row.getString("spec_code"), row.getString("series"), row.getString("architecture"),
        Rows.integer(row, "cpu_amount"), Rows.integer(row, "cpu_cores"), Rows.integer(row, "mem_size_gb"),
        Rows.integer(row, "nic_amount"), row.getString("interface_mode"),
        Arrays.asList(row.getString("boot_modes").split(",")), Rows.bool(row, "need_raid"),
        row.getString("description"), volumes, Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"),
        Rows.integer(row, "version"), hasColumn(row, "stock") ? Rows.longValue(row, "stock") : 0L,
        row.getString("gpu_manufacturer") == null && row.getString("gpu_model") == null && Rows.integer(row, "gpu_amount") == null
            ? null : new DeviceType.Gpu(row.getString("gpu_manufacturer"), row.getString("gpu_model"), Rows.integer(row, "gpu_amount")));
  }

  /** A type's GPUs, or all-null fields for a type without any (the columns' values). */
  private static DeviceType.Gpu orNone(DeviceType.Gpu gpu) {
    return gpu == null ? new DeviceType.Gpu(null, null, null) : gpu;
  }
}
