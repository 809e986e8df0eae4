package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.http.Call;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.OperatingSystem;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Volume;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RAID levels, operating systems, images, device types with their bound images and partition layouts. */
public final class CatalogHandlers {

  private final ApiContext api;

  /**
   * Where image uploads go: into {@code store} (this node's image store), or, with {@code origin}
   * set, on to that image origin's {@code PUT} with its upload token; at most {@code maxBytes}.
   */
  public record ImageUploads(Path store, long maxBytes, String origin, String originToken) {}

  private final ImageUpload uploads;

  public CatalogHandlers(ApiContext api, ImageUploads imageUploads) {
    this.api = api;
    this.uploads = new ImageUpload(api, imageUploads);
  }

  public void register(OperationTable table) {
    table.on("listRaidLevels", this::raidLevels)
        .on("listOperatingSystems", this::listOs).on("createOperatingSystem", this::createOs)
        .on("deleteOperatingSystem", this::deleteOs)
        .on("listImages", this::listImages).on("registerImage", this::registerImage).on("getImage", this::getImage)
        .on("updateImage", this::updateImage).on("deleteImage", this::deleteImage)
        .on("listDeviceTypes", this::listTypes).on("createDeviceType", this::createType).on("getDeviceType", this::getType)
        .on("updateDeviceType", this::updateType).on("deleteDeviceType", this::deleteType)
        .on("listDeviceTypeImages", this::typeImages).on("bindImage", this::bind).on("unbindImage", this::unbind)
        .on("getPartitionTemplate", this::getLayout).on("setPartitionTemplate", this::setLayout);
    uploads.register(table);
  }

  private Future<Reply> raidLevels(Call call) {
    return api.catalog.raidLevels().map(levels -> Reply.ok(Views.items(levels, r -> CatalogViews.raidLevel(r, call.language()))));
  }

  private Future<Reply> listOs(Call call) {
    return api.catalog.pageOs(call.query("osType"), call.query("architecture"), call.page(), call.sort())
        .map(p -> Reply.ok(Views.page(p, CatalogViews::os)));
  }

  private Future<Reply> createOs(Call call) {
    JsonObject b = call.body();
    OperatingSystem os = new OperatingSystem(Ids.next("os"), b.getString("name"), b.getString("osType"),
        b.getString("osVersion"), b.getString("architecture"), b.getInteger("bits", 64), b.getString("sysUser", "root"));
    return api.catalog.createOs(os).map(o -> Reply.created(CatalogViews.os(o), o.id()));
  }

  private Future<Reply> deleteOs(Call call) {
    return api.catalog.deleteOs(call.path("id")).map(v -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> listImages(Call call) {
    return api.catalog.pageImages(call.query("deviceTypeId"), call.query("osType"), call.query("architecture"),
        call.page(), call.sort()).map(p -> Reply.ok(Views.page(p, CatalogViews::image)));
  }

  private Future<Reply> registerImage(Call call) {
    JsonObject b = call.body();
    String url = b.getString("url");
    String path;
    try {
      path = new URI(url).getPath();
    } catch (URISyntaxException e) {
      String reason = "not a valid URL (" + e.getReason() + ")";
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field",
          "field url: " + reason, "url", reason));
    }
    String fileName = path == null || path.isEmpty() ? "image" : path.substring(path.lastIndexOf('/') + 1);
    return api.catalog.findOs(b.getString("osId")).compose(os -> {
      if (os.isEmpty()) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.notFound",
            "operating system " + b.getString("osId") + " not found", "noun.os", b.getString("osId")));
      }
      Image image = new Image(Ids.next("i"), b.getString("name"), os.get().id(), null, null, os.get().architecture(),
          strings(b.getJsonArray("bootModes")), b.getString("format"), fileName, url,
          b.getLong("sizeBytes"), b.getString("sha256").toLowerCase(Locale.ROOT), "user_defined", "available",
          b.getString("description"), null, 0);
      return api.catalog.createImage(image);
    }).map(i -> Reply.created(CatalogViews.image(i), i.id()));
  }

  private Future<Reply> getImage(Call call) {
    return api.catalog.getImage(call.path("id")).map(i -> Reply.ok(CatalogViews.image(i)));
  }

  private Future<Reply> updateImage(Call call) {
    return api.catalog.describeImage(call.path("id"), call.body().getString("description"))
        .map(i -> Reply.ok(CatalogViews.image(i)));
  }

  /** Deletes the image, then the file an upload stored for it (the row first: a file no image names is only disk). */
  private Future<Reply> deleteImage(Call call) {
    String id = call.path("id");
    return api.catalog.getImage(id)
        .compose(image -> api.catalog.deleteImage(id).compose(v -> uploads.discard(image)))
        .map(v -> Reply.noContent(id));
  }

  private Future<Reply> listTypes(Call call) {
    return api.deviceTypes.page(call.query("roomId"), call.query("series"), call.page(), call.sort())
        .map(p -> Reply.ok(Views.page(p, CatalogViews::deviceType)));
  }

  private Future<Reply> createType(Call call) {
    JsonObject b = call.body();
    List<Volume> volumes = new ArrayList<>();
    for (Object v : b.getJsonArray("volumes")) {
      JsonObject vol = (JsonObject) v;
      volumes.add(new Volume(null, vol.getString("name"), vol.getString("volumeType"), vol.getString("diskType"),
          vol.getString("interfaceType"), vol.getInteger("sizeGb"), vol.getInteger("amount"),
          strings(vol.getJsonArray("raidLevelIds", new JsonArray()))));
    }
    DeviceType type = new DeviceType(Ids.next("dt"), b.getString("roomId"), b.getString("name"), b.getString("specCode"),
        b.getString("series"), b.getString("architecture"), b.getInteger("cpuAmount"), b.getInteger("cpuCores"),
        b.getInteger("memSizeGb"), b.getInteger("nicAmount"), b.getString("interfaceMode"),
        strings(b.getJsonArray("bootModes")), b.getBoolean("needRaid", false), b.getString("description"), volumes,
        null, null, 0, 0, gpuOf(b));
    return api.rooms.get(type.roomId())
        .recover(e -> Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.notFound", "room " + type.roomId() + " not found", "noun.room", type.roomId())))
        .compose(room -> api.catalog.raidLevels())
        .compose(levels -> {
          checkRaidLevels(volumes, levels);
          return api.deviceTypes.create(type);
        })
        .map(t -> Reply.created(CatalogViews.deviceType(t), t.id()));
  }

  /**
   * Each volume's RAID levels must exist and fit its disks (RAID1 needs 2, RAID10 4…): a level the
   * volume cannot build would only fail at the install's RAID step.
   */
  private static void checkRaidLevels(List<Volume> volumes, List<io.bmp.core.domain.RaidLevel> levels) {
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      for (String raidId : volume.raidLevelIds()) {
        var level = levels.stream().filter(l -> l.id().equals(raidId)).findFirst().orElse(null);
        String field = "/volumes/" + i + "/raidLevelIds";
        if (level == null) {
          throw InstanceCreate.invalid(field, "unknown RAID level " + raidId);
        }
        if (volume.amount() < level.minDisks()) {
          throw InstanceCreate.invalid(field, level.name() + " needs at least " + level.minDisks() + " disks; volume '"
              + volume.name() + "' has " + volume.amount());
        }
      }
    }
  }

  private Future<Reply> getType(Call call) {
    return api.deviceTypes.get(call.path("id")).map(t -> Reply.ok(CatalogViews.deviceType(t)));
  }

  private Future<Reply> updateType(Call call) {
    JsonObject b = call.body();
    JsonArray modes = b.getJsonArray("bootModes");
    return api.deviceTypes.update(call.path("id"), b.getInteger("version"), new DeviceType.Change(b.getString("name"),
            b.getString("description"), modes == null ? null : strings(modes), b.getInteger("cpuAmount"), b.getInteger("cpuCores"),
            b.getInteger("memSizeGb"), b.getInteger("nicAmount"), b.getString("interfaceMode"), b.getBoolean("needRaid"), gpuOf(b)))
        .map(t -> Reply.ok(CatalogViews.deviceType(t)));
  }

  /** The GPU fields of a body, or null when it names none. */
  private static DeviceType.Gpu gpuOf(JsonObject b) {
    if (b.getString("gpuManufacturer") == null && b.getString("gpuModel") == null && b.getInteger("gpuAmount") == null) {
      return null;
    }
    return new DeviceType.Gpu(b.getString("gpuManufacturer"), b.getString("gpuModel"), b.getInteger("gpuAmount"));
  }

  private Future<Reply> deleteType(Call call) {
    return api.deviceTypes.delete(call.path("id")).map(v -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> typeImages(Call call) {
    String id = call.path("id");
    return api.deviceTypes.get(id).compose(t -> api.catalog.imagesOfType(id))
        .map(images -> Reply.ok(Views.items(images, CatalogViews::image)));
  }

  private Future<Reply> bind(Call call) {
    String id = call.path("id");
    String imageId = call.path("imageId");
    return Future.all(api.deviceTypes.get(id), api.catalog.getImage(imageId))
        .compose(both -> {
          DeviceType type = both.resultAt(0);
          Image image = both.resultAt(1);
          if (!type.architecture().equals(image.architecture())) {
            return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.architectureMismatch",
                "image " + imageId + " is for " + image.architecture() + ", device type " + id + " is "
                    + type.architecture(), imageId, image.architecture(), id, type.architecture()));
          }
          return api.catalog.bind(id, imageId);
        })
        .map(v -> Reply.noContent(id));
  }

  private Future<Reply> unbind(Call call) {
    return api.catalog.unbind(call.path("id"), call.path("imageId")).map(v -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> getLayout(Call call) {
    String id = call.path("id");
    String imageId = call.query("imageId");
    String bootMode = call.query("bootMode");
    return api.deviceTypes.get(id)
        .compose(t -> api.catalog.partitionTemplate(id, imageId, bootMode))
        .compose(parts -> parts.isEmpty()
            ? Future.failedFuture(BmpException.localized(ErrorCode.NOT_FOUND, "error.noLayout",
                "no partition layout for image " + imageId + " (" + bootMode + ") on device type " + id, imageId, bootMode, id))
            : Future.succeededFuture(Reply.ok(CatalogViews.layout(imageId, bootMode, parts))));
  }

  private Future<Reply> setLayout(Call call) {
    String id = call.path("id");
    JsonObject b = call.body();
    String imageId = b.getString("imageId");
    String bootMode = b.getString("bootMode");
    List<Partition> partitions = Partitions.parse(b.getJsonArray("partitions"));
    return api.deviceTypes.get(id)
        .compose(t -> {
          Partitions.checkVolumes(partitions, t);
          return api.catalog.isBound(id, imageId);
        })
        .compose(bound -> bound ? api.catalog.setPartitionTemplate(id, imageId, bootMode, partitions)
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.notBound",
                "image " + imageId + " is not bound to device type " + id, imageId, id)))
        .map(v -> Reply.ok(CatalogViews.layout(imageId, bootMode, partitions)).on(id));
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
