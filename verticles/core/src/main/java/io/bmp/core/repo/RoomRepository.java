package io.bmp.core.repo;

import io.bmp.core.domain.Room;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rooms (computer rooms). */
public final class RoomRepository extends Repository {

  private static final String COLUMNS =
      "id, name, name_en, short_name, level, address, description, bmc_user, bmc_password_enc, created_at, updated_at, version";

  public RoomRepository(Database database) {
    super(database, Map.of(
        "uk_rooms_name", "a room with this name already exists",
        "uk_rooms_short_name", "a room with this short name already exists",
        "fk_device_types_room", "the room still has device types",
        "fk_devices_room", "the room still has devices"));
  }

  public Future<Room> create(Room room) {
    var now = Rows.now();
    return update(pool(),
        "INSERT INTO rooms (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        Tuple.from(new Object[] {room.id(), room.name(), room.nameEn(), room.shortName(), room.level(),
            room.address(), room.description(), room.bmcUser(), room.bmcPasswordEnc(), now, now}))
        .compose(n -> get(room.id()));
  }

  public Future<Optional<Room>> find(String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM rooms WHERE id = ? AND alive = 1", Tuple.of(id), RoomRepository::map);
  }

  public Future<Room> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> CatalogRepository.notFound("noun.room", id)));
  }

  public Future<io.bmp.core.storage.Page<Room>> page(String nameContains, io.bmp.core.storage.PageRequest page, String sort) {
    io.bmp.core.storage.Where where = new io.bmp.core.storage.Where("alive = 1").contains("name", nameContains);
    Future<Long> total = listTotal("SELECT COUNT(*) FROM rooms" + where.sql(), where.args());
    Future<List<Room>> items = list(pool(), "SELECT " + COLUMNS + " FROM rooms" + where.sql()
        + io.bmp.core.storage.Sort.orderBy(sort, Map.of("name", "name", "createdAt", "created_at"), "name")
        + " LIMIT ? OFFSET ?", where.argsWithPage(page), RoomRepository::map);
    return Future.all(total, items).map(v -> new io.bmp.core.storage.Page<>(items.result(), total.result(),
        page.pageNumber(), page.pageSize()));
  }

  public Future<List<Room>> list() {
    return list(pool(), "SELECT " + COLUMNS + " FROM rooms WHERE alive = 1 ORDER BY name", Tuple.tuple(), RoomRepository::map);
  }

  /** Replaces the editable fields if the caller saw the current version. */
  public Future<Room> update(Room room) {
    return update(pool(),
        "UPDATE rooms SET name = ?, name_en = ?, short_name = ?, level = ?, address = ?, description = ?, "
            + "bmc_user = ?, bmc_password_enc = ?, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND version = ? AND alive = 1",
        Tuple.from(new Object[] {room.name(), room.nameEn(), room.shortName(), room.level(), room.address(),
            room.description(), room.bmcUser(), room.bmcPasswordEnc(), Rows.now(), room.id(), room.version()}))
        .compose(changed -> changed == 1 ? get(room.id()) : versionOrMissing(room.id()));
  }

  /** Soft-deletes the room; refused while live device types or devices are in it. */
  public Future<Void> delete(String id) {
    return database.inTransaction(tx -> count(tx,
            "SELECT (SELECT COUNT(*) FROM device_types WHERE room_id = ? AND alive = 1)"
                + " + (SELECT COUNT(*) FROM devices WHERE room_id = ? AND alive = 1)",
            Tuple.of(id, id))
        .compose(children -> children > 0
            ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.roomInUse", "room " + id + " still has device types or devices", id))
            : update(tx, "UPDATE rooms SET alive = NULL, deleted_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
                Tuple.of(Rows.now(), id)))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "room " + id + " not found", "noun.room", id))));
  }

  private <T> Future<T> versionOrMissing(String id) {
    return find(id).compose(found -> Future.failedFuture(found.isPresent()
        ? BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict", "room " + id + " was changed by someone else; reload and retry", "noun.room", id)
        : BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "room " + id + " not found", "noun.room", id)));
  }

  private static Room map(Row row) {
    return new Room(row.getString("id"), row.getString("name"), row.getString("name_en"),
        row.getString("short_name"), row.getString("level"), row.getString("address"),
        row.getString("description"), row.getString("bmc_user"), row.getString("bmc_password_enc"),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"), Rows.integer(row, "version"));
  }
}
