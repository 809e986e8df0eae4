package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.auth.Passwords;
import io.bmp.api.http.Call;
import io.bmp.api.http.Reply;
import io.bmp.api.http.TenantViews;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.Volume;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/instances}: every rule of the seed system checked before anything is written,
 * then, in one transaction (run again if a concurrent create held the same devices): exactly
 * {@code count} free devices allocated, the instances recorded, an install task for each.
 */
final class InstanceCreate {

  private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9]|[.-](?=[a-zA-Z0-9]))*$");
  private static final int ALLOCATION_ATTEMPTS = 8;

  private final ApiContext api;
  private final Tenancy tenancy;
  private final Tasks tasks;

  InstanceCreate(ApiContext api) {
    this.api = api;
    this.tenancy = new Tenancy(api);
    this.tasks = new Tasks(api);
  }

  /** What the request asks for, checked. */
  private record Plan(Room room, DeviceType type, Image image, List<Partition> partitions) {}

  Future<Reply> handle(Call call) {
    JsonObject b = call.body();
    Caller caller = call.caller();
    String password = b.getString("password");
    JsonArray sshKeyIds = b.getJsonArray("sshKeyIds");
    if ((password == null) == (sshKeyIds == null)) {
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.passwordOrKeys",
          "give exactly one of password and sshKeyIds"));
    }
    if (password != null) {
      Passwords.checkStrength(password);
    }
    int count = b.getInteger("count", 1);
    String hostname = b.getString("hostname");
    if (hostname != null) {
      checkHostname(hostname, count);
    }
    String projectId = b.getString("projectId", caller.user().defaultProjectId());
    String bootMode = b.getString("bootMode");
    List<String> keys = sshKeyIds == null ? List.of() : CatalogHandlers.strings(sshKeyIds);
    return tenancy.writableProject(caller, projectId)
        .compose(project -> api.sshKeys.getOwned(caller.userId(), keys).map(project))
        .compose(project -> plan(b, bootMode).compose(plan -> {
          List<Instance> instances = instances(b, caller, project.id(), plan, count, hostname,
              password == null ? null : api.secrets.encrypt(password), keys);
          List<Task> installs = instances.stream().map(i -> Tasks.pending("install", null, i.id(), caller.userId(),
              installParams(i, plan.type()))).toList();
          return api.database.inTransactionRetrying(tx -> api.instances.allocate(tx, plan.room().id(), plan.type().id(),
                      instances.stream().map(Instance::id).toList())
                  .compose(devices -> {
                    List<Instance> placed = new ArrayList<>();
                    List<Task> started = new ArrayList<>();
                    for (int n = 0; n < instances.size(); n++) {
                      placed.add(onDevice(instances.get(n), devices.get(n)));
                      Task t = installs.get(n);
                      started.add(new Task(t.id(), t.kind(), devices.get(n), t.instanceId(), t.state(), 0,
                          t.requestedBy(), t.params(), null, null, null, null, null, 0, List.of()));
                    }
                    Future<Void> chain = api.instances.insert(tx, placed);
                    for (Task t : started) {
                      chain = chain.compose(v -> api.tasks.create(tx, t));
                    }
                    return chain.map(v -> started);
                  }), ALLOCATION_ATTEMPTS)
              .onSuccess(started -> started.forEach(t -> tasks.announce(t.id())))
              .compose(started -> Future.all(instances.stream().map(i -> api.instances.get(i.id())).toList())
                  .map(all -> {
                    JsonArray items = new JsonArray();
                    for (int n = 0; n < instances.size(); n++) {
                      items.add(TenantViews.instance(all.resultAt(n)).put("taskId", started.get(n).id()));
                    }
                    return Reply.accepted(new JsonObject().put("items", items), project.id());
                  }));
        }));
  }

  /** Room, device type (in that room), image (bound to the type), boot mode, RAID and partitions. */
  private Future<Plan> plan(JsonObject b, String bootMode) {
    String roomId = b.getString("roomId");
    String typeId = b.getString("deviceTypeId");
    String imageId = b.getString("imageId");
    Future<Room> room = api.rooms.find(roomId).map(r -> r.orElseThrow(() -> invalid("roomId", "room " + roomId + " not found")));
    Future<DeviceType> type = api.deviceTypes.find(typeId).map(t -> t.filter(x -> x.roomId().equals(roomId))
        .orElseThrow(() -> invalid("deviceTypeId", "device type " + typeId + " not found in room " + roomId)));
    Future<Image> image = api.catalog.findImage(imageId).map(i -> i.orElseThrow(() -> invalid("imageId", "image " + imageId + " not found")));
    return Future.all(room, type, image).compose(v -> api.catalog.isBound(typeId, imageId).compose(bound -> {
      if (!bound) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.notBound",
            "image " + imageId + " is not bound to device type " + typeId, imageId, typeId));
      }
      if (!type.result().bootModes().contains(bootMode) || !image.result().bootModes().contains(bootMode)) {
        throw invalid("bootMode", "boot mode " + bootMode + " is not supported by both the device type and the image");
      }
      checkRaid(b.getString("systemRaidId"), b.getString("dataRaidId"), type.result());
      JsonArray asked = b.getJsonArray("partitions");
      Future<List<Partition>> partitions = asked != null ? Future.succeededFuture(Partitions.parse(asked))
          : api.catalog.partitionTemplate(typeId, imageId, bootMode).compose(parts -> parts.isEmpty()
              ? Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.noLayout",
                  "no partition layout for image " + imageId + " (" + bootMode + ") on device type " + typeId
                      + "; give partitions", imageId, bootMode, typeId))
              : Future.succeededFuture(parts));
      return partitions.map(parts -> {
        Partitions.checkVolumes(parts, type.result());
        return new Plan(room.result(), type.result(), image.result(), parts);
      });
    }));
  }

  /** The RAID levels asked for each volume must be among those the device type allows on it. */
  private static void checkRaid(String systemRaidId, String dataRaidId, DeviceType type) {
    if (systemRaidId == null && type.needRaid()) {
      throw invalid("systemRaidId", "device type " + type.id() + " needs a RAID level for its system volume");
    }
    checkRaid("systemRaidId", systemRaidId, volume(type, Partition.SYSTEM), "system", type);
    checkRaid("dataRaidId", dataRaidId, volume(type, Partition.DATA), "data", type);
  }

  private static void checkRaid(String field, String raidId, Volume volume, String which, DeviceType type) {
    if (raidId == null) {
      return;
    }
    if (volume == null) {
      throw invalid(field, "device type " + type.id() + " has no " + which + " volume");
    }
    if (!volume.raidLevelIds().contains(raidId)) {
      throw invalid(field, "RAID level " + raidId + " is not allowed on the " + which + " volume of " + type.id());
    }
  }

  private static Volume volume(DeviceType type, String volumeType) {
    return type.volumes().stream().filter(v -> v.volumeType().equals(volumeType)).findFirst().orElse(null);
  }

  /**
   * How many disks each volume of the type has, for the agent to tell the system volume's disks
   * (the first ones) from the data volume's (the next ones); 0 when the type has no such volume.
   */
  static JsonObject volumeDisks(DeviceType type) {
    Volume system = volume(type, Partition.SYSTEM);
    Volume data = volume(type, Partition.DATA);
    return new JsonObject().put("systemDisks", system == null ? 0 : system.amount())
        .put("dataDisks", data == null ? 0 : data.amount());
  }

  static void checkHostname(String hostname, int count) {
    String longest = count > 1 ? hostname + "-" + count : hostname;
    if (!HOSTNAME.matcher(hostname).matches() || longest.length() > 64) {
      throw invalid("hostname", "host name '" + hostname + "' must be 2 to 64 letters, digits, dots and dashes, "
          + "starting and ending with a letter or digit, without two dots or dashes in a row");
    }
  }

  private List<Instance> instances(JsonObject b, Caller caller, String projectId, Plan plan, int count, String hostname,
      String secret, List<String> keys) {
    List<Instance> list = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      String id = Ids.next("bmp");
      String suffix = count > 1 ? "-" + n : "";
      String host = hostname != null ? hostname + suffix
          : (plan.room().shortName() + "-" + id.substring(4, 12)).toLowerCase(java.util.Locale.ROOT);
      list.add(new Instance(id, projectId, caller.userId(), plan.room().id(), null, plan.type().id(), plan.image().id(),
          b.getString("name") + suffix, host, InstanceStatus.CREATING, null, false, b.getString("bootMode"),
          b.getString("systemRaidId"), b.getString("dataRaidId"), b.getString("description"), secret, b.getString("userData"), plan.partitions(),
          keys, null, null, 0));
    }
    return list;
  }

  private static Instance onDevice(Instance i, String deviceId) {
    return new Instance(i.id(), i.projectId(), i.userId(), i.roomId(), deviceId, i.deviceTypeId(), i.imageId(), i.name(),
        i.hostname(), i.status(), i.statusReason(), i.locked(), i.bootMode(), i.systemRaidId(), i.dataRaidId(), i.description(),
        i.secretEnc(), i.userData(), i.partitions(), i.sshKeyIds(), i.createdAt(), i.updatedAt(), i.version());
  }

  static JsonObject installParams(Instance i, DeviceType type) {
    return new JsonObject().put("imageId", i.imageId()).put("bootMode", i.bootMode()).put("hostname", i.hostname())
        .put("systemRaidId", i.systemRaidId()).put("dataRaidId", i.dataRaidId())
        .put("partitions", AgentContract.partitions(i.partitions())).put("sshKeyIds", new JsonArray(i.sshKeyIds()))
        .put("hasPassword", i.secretEnc() != null).mergeIn(volumeDisks(type));
  }

  static BmpException invalid(String field, String reason) {
    return BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field", "field " + field + ": " + reason, field, reason);
  }
}
