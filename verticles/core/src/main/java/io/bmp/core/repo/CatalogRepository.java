package io.bmp.core.repo;

import io.bmp.core.domain.Image;
import io.bmp.core.domain.OperatingSystem;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.RaidLevel;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Page;
import io.bmp.core.storage.PageRequest;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Sort;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What can be installed: operating systems, images, their bindings to device types, the default
 * partition layouts, and the RAID levels.
 */
public final class CatalogRepository extends Repository {

  private static final String IMAGE_COLUMNS = "i.id, i.name, i.os_id, o.os_type, o.os_version, i.architecture, "
      + "i.boot_modes, i.format, i.file_name, i.url, i.size_bytes, i.sha256, i.source, i.state, i.description, "
      + "i.created_at, i.version";
  private static final Map<String, String> OS_SORTABLE = Map.of("name", "name", "osType", "os_type",
      "osVersion", "os_version");
  private static final Map<String, String> IMAGE_SORTABLE = Map.of("name", "i.name", "createdAt", "i.created_at");

  public CatalogRepository(Database database) {
    super(database, Map.of(
        "uk_os_identity", "an operating system with this type, version and architecture already exists",
        "uk_images_name", "an image with this name already exists",
        "fk_images_os", "the operating system does not exist",
        "fk_type_images_image", "the image does not exist",
        "fk_type_images_type", "the device type does not exist"));
  }

  // ---- operating systems

  /** One page of operating systems, filtered by type and architecture, with the total. */
  public Future<Page<OperatingSystem>> pageOs(String osType, String architecture, PageRequest page, String sort) {
    Where where = new Where("alive = 1").eq("os_type", osType).eq("architecture", architecture);
    Future<Long> total = listTotal("SELECT COUNT(*) FROM operating_systems" + where.sql(), where.args());
    Future<List<OperatingSystem>> items = list(pool(), "SELECT id, name, os_type, os_version, architecture, bits, sys_user "
        + "FROM operating_systems" + where.sql() + Sort.orderBy(sort, OS_SORTABLE, "os_type, os_version")
        + " LIMIT ? OFFSET ?", where.argsWithPage(page), CatalogRepository::mapOs);
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result(), page.pageNumber(), page.pageSize()));
  }

  public Future<OperatingSystem> createOs(OperatingSystem os) {
    var now = Rows.now();
    return update(pool(), "INSERT INTO operating_systems (id, name, os_type, os_version, architecture, bits, sys_user, "
            + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.from(new Object[] {os.id(), os.name(), os.osType(), os.osVersion(), os.architecture(), os.bits(),
            os.sysUser(), now, now}))
        .map(n -> os);
  }

  public Future<Optional<OperatingSystem>> findOs(String id) {
    return one(pool(), "SELECT id, name, os_type, os_version, architecture, bits, sys_user FROM operating_systems "
        + "WHERE id = ? AND alive = 1", Tuple.of(id), CatalogRepository::mapOs);
  }

  public Future<Void> deleteOs(String id) {
    return database.inTransaction(tx -> count(tx, "SELECT COUNT(*) FROM images WHERE os_id = ? AND alive = 1", Tuple.of(id))
        .compose(images -> images > 0
            ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.osInUse", "operating system " + id + " is used by " + images + " images", id, images))
            : update(tx, "UPDATE operating_systems SET alive = NULL, deleted_at = ? WHERE id = ? AND alive = 1",
                Tuple.of(Rows.now(), id)))
        .compose(n -> n == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound("noun.os", id))));
  }

  // ---- images

  public Future<Image> createImage(Image image) {
    var now = Rows.now();
    return update(pool(), "INSERT INTO images (id, name, os_id, architecture, boot_modes, format, file_name, url, "
            + "size_bytes, sha256, source, state, description, created_at, updated_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        Tuple.from(new Object[] {image.id(), image.name(), image.osId(), image.architecture(),
            String.join(",", image.bootModes()), image.format(), image.fileName(), image.url(), image.sizeBytes(),
            image.sha256(), image.source(), image.state(), image.description(), now, now}))
        .compose(n -> getImage(image.id()));
  }

  public Future<Optional<Image>> findImage(String id) {
    return one(pool(), "SELECT " + IMAGE_COLUMNS + " FROM images i JOIN operating_systems o ON o.id = i.os_id "
        + "WHERE i.id = ? AND i.alive = 1", Tuple.of(id), CatalogRepository::mapImage);
  }

  public Future<Image> getImage(String id) {
    return findImage(id).map(found -> found.orElseThrow(() -> notFound("noun.image", id)));
  }

  public Future<Page<Image>> pageImages(String deviceTypeId, String osType, String architecture, PageRequest page, String sort) {
    Where where = new Where("i.alive = 1").eq("o.os_type", osType).eq("i.architecture", architecture);
    if (deviceTypeId != null) {
      where.and("i.id IN (SELECT image_id FROM device_type_images WHERE device_type_id = ?)", deviceTypeId);
    }
    String from = " FROM images i JOIN operating_systems o ON o.id = i.os_id";
    Future<Long> total = listTotal("SELECT COUNT(*)" + from + where.sql(), where.args());
    Future<List<Image>> items = list(pool(), "SELECT " + IMAGE_COLUMNS + from + where.sql()
        + Sort.orderBy(sort, IMAGE_SORTABLE, "i.name").replace(", id", ", i.id") + " LIMIT ? OFFSET ?",
        where.argsWithPage(page), CatalogRepository::mapImage);
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result(), page.pageNumber(), page.pageSize()));
  }

  public Future<List<Image>> imagesOfType(String deviceTypeId) {
    return list(pool(), "SELECT " + IMAGE_COLUMNS + " FROM images i JOIN operating_systems o ON o.id = i.os_id "
        + "JOIN device_type_images b ON b.image_id = i.id WHERE b.device_type_id = ? AND i.alive = 1 ORDER BY i.name, i.id",
        Tuple.of(deviceTypeId), CatalogRepository::mapImage);
  }

  public Future<Image> describeImage(String id, String description) {
    return update(pool(), "UPDATE images SET description = ?, updated_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
        Tuple.of(description, Rows.now(), id))
        .compose(n -> n == 1 ? getImage(id) : Future.failedFuture(notFound("noun.image", id)));
  }

  /** Deletes an image no live instance uses and no device type is bound to. */
  public Future<Void> deleteImage(String id) {
    return database.inTransaction(tx -> count(tx,
            "SELECT (SELECT COUNT(*) FROM instances WHERE image_id = ? AND alive = 1)"
                + " + (SELECT COUNT(*) FROM device_type_images b JOIN device_types t ON t.id = b.device_type_id"
                + " WHERE b.image_id = ? AND t.alive = 1)", Tuple.of(id, id))
        .compose(users -> users > 0
            ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.imageInUse", "image " + id + " is used by instances or bound to device types", id))
            : update(tx, "UPDATE images SET alive = NULL, deleted_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
                Tuple.of(Rows.now(), id)))
        .compose(n -> n == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound("noun.image", id))));
  }

  // ---- bindings and partition layouts

  public Future<Void> bind(String deviceTypeId, String imageId) {
    return database.inTransaction(tx -> update(tx, "DELETE FROM device_type_images WHERE device_type_id = ? AND image_id = ?",
            Tuple.of(deviceTypeId, imageId))
        .compose(n -> update(tx, "INSERT INTO device_type_images (device_type_id, image_id) VALUES (?, ?)",
            Tuple.of(deviceTypeId, imageId))).mapEmpty());
  }

  public Future<Void> unbind(String deviceTypeId, String imageId) {
    return update(pool(), "DELETE FROM device_type_images WHERE device_type_id = ? AND image_id = ?",
        Tuple.of(deviceTypeId, imageId))
        .compose(n -> n == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(BmpException.localized(
            ErrorCode.NOT_FOUND, "error.notBound", "image " + imageId + " is not bound to device type " + deviceTypeId,
            imageId, deviceTypeId)));
  }

  public Future<Boolean> isBound(String deviceTypeId, String imageId) {
    return count(pool(), "SELECT COUNT(*) FROM device_type_images WHERE device_type_id = ? AND image_id = ?",
        Tuple.of(deviceTypeId, imageId)).map(n -> n > 0);
  }

  public Future<List<Partition>> partitionTemplate(String deviceTypeId, String imageId, String bootMode) {
    return list(pool(), "SELECT mount_point, fs_type, size_mb, label, volume_type FROM partition_templates "
        + "WHERE device_type_id = ? AND image_id = ? AND boot_mode = ? ORDER BY ordinal",
        Tuple.of(deviceTypeId, imageId, bootMode), InstanceRepository::partition);
  }

  public Future<Void> setPartitionTemplate(String deviceTypeId, String imageId, String bootMode, List<Partition> partitions) {
    return database.inTransaction(tx -> update(tx,
            "DELETE FROM partition_templates WHERE device_type_id = ? AND image_id = ? AND boot_mode = ?",
            Tuple.of(deviceTypeId, imageId, bootMode))
        .compose(n -> {
          List<Tuple> rows = new ArrayList<>();
          for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            rows.add(Tuple.from(new Object[] {io.bmp.core.storage.Ids.next("ptt"), deviceTypeId, imageId, bootMode, i,
                p.mountPoint(), p.fsType(), p.sizeMb(), p.label(), p.volume()}));
          }
          return tx.preparedQuery("INSERT INTO partition_templates (id, device_type_id, image_id, boot_mode, ordinal, "
              + "mount_point, fs_type, size_mb, label, volume_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .executeBatch(rows).mapEmpty();
        }));
  }

  // ---- RAID levels

  public Future<List<RaidLevel>> raidLevels() {
    return list(pool(), "SELECT id, name, min_disks, description_en, description_zh FROM raid_levels ORDER BY min_disks, name",
        Tuple.tuple(), r -> new RaidLevel(r.getString("id"), r.getString("name"), Rows.integer(r, "min_disks"),
            r.getString("description_en"), r.getString("description_zh")));
  }

  static BmpException notFound(String noun, String id) {
    String english = switch (noun) {
      case "noun.os" -> "operating system";
      case "noun.deviceType" -> "device type";
      case "noun.raidLevel" -> "RAID level";
      default -> noun.substring(5);
    };
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", english + " " + id + " not found", noun, id);
  }

  private static OperatingSystem mapOs(Row r) {
    return new OperatingSystem(r.getString("id"), r.getString("name"), r.getString("os_type"), r.getString("os_version"),
        r.getString("architecture"), Rows.integer(r, "bits"), r.getString("sys_user"));
  }

  private static Image mapImage(Row r) {
    return new Image(r.getString("id"), r.getString("name"), r.getString("os_id"), r.getString("os_type"),
        r.getString("os_version"), r.getString("architecture"), Arrays.asList(r.getString("boot_modes").split(",")),
        r.getString("format"), r.getString("file_name"), r.getString("url"), Rows.longValue(r, "size_bytes"),
        r.getString("sha256"), r.getString("source"), r.getString("state"), r.getString("description"),
        Rows.instant(r, "created_at"), Rows.integer(r, "version"));
  }
}
