package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.Room;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.DeviceFilter;
import io.bmp.core.repo.DevicePatch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Devices: import, change, delete, and the shelf-on, shelf-off, collect and retire actions. */
public final class DeviceHandlers {

  /** The states in which a device carries no instance and has a BMC worth asking. */
  private static final Set<DeviceState> POWERABLE =
      Set.of(DeviceState.IN_STOCK, DeviceState.READY, DeviceState.SHELF_FAILED, DeviceState.ERROR);

  private final ApiContext api;
  private final Tasks tasks;

  public DeviceHandlers(ApiContext api) {
    this.api = api;
    this.tasks = new Tasks(api);
  }

  public void register(OperationTable table) {
    table.on("listDevices", this::list).on("createDevices", this::create).on("getDevice", this::get)
        .on("updateDevice", this::update).on("deleteDevice", this::delete).on("shelveDevice", this::shelve)
        .on("unshelveDevice", this::unshelve).on("collectDevice", this::collect).on("retireDevice", this::retire)
        .on("powerOffDevice", this::powerOff)
        .on("listDeviceDisks", call -> api.devices.disks(call.path("id"))
            .map(disks -> Reply.ok(Views.items(disks, CatalogViews::disk))));
    new DeviceImport(api).register(table);
  }

  private Future<Reply> list(Call call) {
    Set<DeviceState> states = new LinkedHashSet<>();
    String state = call.query("state");
    if (state != null) {
      for (String s : state.split(",")) {
        try {
          states.add(DeviceState.fromWire(s));
        } catch (IllegalArgumentException e) {
          throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field", "field state: unknown state '" + s + "'",
              "state", "unknown state '" + s + "'");
        }
      }
    }
    DeviceFilter filter = new DeviceFilter(call.query("roomId"), call.query("deviceTypeId"), states, call.query("sn"));
    return api.devices.page(filter, call.page(), call.sort()).map(p -> Reply.ok(Views.writtenPage(p, CatalogViews::device)));
  }

  private Future<Reply> create(Call call) {
    JsonObject b = call.body();
    String roomId = b.getString("roomId");
    String typeId = b.getString("deviceTypeId");
    JsonArray input = b.getJsonArray("devices");
    List<DeviceRows.Row> rows = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      JsonObject d = input.getJsonObject(i);
      Map<String, String> fields = new HashMap<>();
      d.forEach(e -> {
        if (!(e.getValue() instanceof JsonArray)) {
          fields.put(e.getKey(), String.valueOf(e.getValue()));
        }
      });
      rows.add(new DeviceRows.Row(i, fields, interfaces(d.getJsonArray("interfaces"))));
    }
    return prepare(call, roomId, typeId, rows).compose(prepared -> {
      if (!prepared.problems().isEmpty()) {
        DeviceRows.Problem first = prepared.problems().get(0);
        return Future.failedFuture(BmpException.localized(ErrorCode.ALREADY_EXISTS, "error.deviceRow",
            "device " + first.row() + " (" + first.sn() + "): " + String.join("; ", first.errors()),
            first.row(), first.sn(), String.join("; ", first.errors())));
      }
      return api.devices.createAll(prepared.devices()).map(v -> prepared.devices());
    }).compose(created -> Future.all(created.stream().map(d -> api.devices.get(d.id())).toList()))
        .map(all -> {
          JsonArray items = new JsonArray();
          for (int i = 0; i < all.size(); i++) {
            items.add(CatalogViews.device(all.resultAt(i)));
          }
          return Reply.created(new JsonObject().put("items", items), roomId);
        });
  }

  /** Checked rows turned into devices, or the problems that stop the import. */
  record Prepared(List<Device> devices, List<DeviceRows.Problem> problems) {}

  /** Checks every row (fields, duplicates within, keys live devices use) and builds the devices. */
  Future<Prepared> prepare(Call call, String roomId, String typeId, List<DeviceRows.Row> rows) {
    DeviceRows checker = new DeviceRows(call.language());
    Future<Room> room = api.rooms.find(roomId).map(r -> r.orElseThrow(() -> BmpException.localized(ErrorCode.INVALID_ARGUMENT,
        "error.notFound", "room " + roomId + " not found", "noun.room", roomId)));
    Future<Void> type = typeId == null ? Future.succeededFuture() : api.deviceTypes.find(typeId).compose(t ->
        t.isPresent() && t.get().roomId().equals(roomId) ? Future.<Void>succeededFuture()
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.typeNotInRoom", "device type " + typeId + " not found in room " + roomId, typeId, roomId)));
    return Future.all(room, type).compose(v -> {
      List<DeviceRows.Row> good = checker.checkShape(rows);
      return api.devices.conflicts(
              good.stream().map(r -> r.get("sn")).toList(),
              good.stream().flatMap(r -> r.interfaces().stream().map(NetworkInterface::mac)).toList(),
              good.stream().map(r -> r.get("bmcAddress")).toList())
          .map(taken -> {
            checker.checkTaken(good, taken);
            if (!checker.problems().isEmpty()) {
              checker.problems().sort((a, b) -> Integer.compare(a.row(), b.row()));
              return new Prepared(List.of(), checker.problems());
            }
            Room r = room.result();
            List<Device> devices = good.stream().map(row -> DeviceRows.device(row, roomId, typeId,
                row.get("bmcUser") != null ? row.get("bmcUser") : r.bmcUser(),
                row.get("bmcPassword") == null ? null : api.secrets.encrypt(row.get("bmcPassword")))).toList();
            return new Prepared(devices, List.of());
          });
    });
  }

  private static List<NetworkInterface> interfaces(JsonArray array) {
    List<NetworkInterface> nics = new ArrayList<>();
    boolean anyPxe = array.stream().anyMatch(n -> "pxe".equals(((JsonObject) n).getString("role")));
    for (int i = 0; i < array.size(); i++) {
      JsonObject n = array.getJsonObject(i);
      String role = n.getString("role", !anyPxe && i == 0 ? "pxe" : "lan");
      nics.add(new NetworkInterface(n.getString("name"), n.getString("mac"), role, i, n.getString("switchIp"),
          n.getString("switchPort")));
    }
    return nics;
  }

  private Future<Reply> get(Call call) {
    return api.devices.get(call.path("id")).map(d -> Reply.ok(CatalogViews.device(d)));
  }

  private Future<Reply> update(Call call) {
    JsonObject b = call.body();
    String typeId = b.getString("deviceTypeId");
    DevicePatch patch = new DevicePatch(typeId, b.getString("cabinet"), b.getString("uPosition"), b.getString("bmcAddress"),
        b.getInteger("bmcPort"), b.getString("bmcUser"),
        b.getString("bmcPassword") == null || b.getString("bmcPassword").isEmpty() ? null : api.secrets.encrypt(b.getString("bmcPassword")),
        b.getString("mgmtIpv4"), b.getString("mgmtMask"), b.getString("mgmtGateway"), b.getString("mgmtIpv6"),
        b.getString("description"), b.getJsonArray("interfaces") == null ? null : interfaces(b.getJsonArray("interfaces")));
    String id = call.path("id");
    Future<Void> typeOk = typeId == null ? Future.succeededFuture() : api.devices.get(id).compose(d ->
        api.deviceTypes.find(typeId).compose(t -> t.isPresent() && t.get().roomId().equals(d.roomId())
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.typeNotInRoom",
                "device type " + typeId + " not found in room " + d.roomId(), typeId, d.roomId()))));
    return typeOk.compose(v -> api.devices.update(id, b.getInteger("version"), patch)).map(d -> Reply.ok(CatalogViews.device(d)));
  }

  private Future<Reply> delete(Call call) {
    String id = call.path("id");
    return api.tasks.hasActiveTask(id)
        .compose(active -> active ? Future.failedFuture(busy(id)) : api.devices.delete(id))
        .map(v -> Reply.noContent(id));
  }

  private Future<Reply> shelve(Call call) {
    String id = call.path("id");
    return api.devices.get(id).compose(d -> {
      if (d.deviceTypeId() == null) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.noDeviceType",
            "device " + id + " has no device type; set one before shelving", id));
      }
      return tasks.start(Tasks.pending("shelve", id, null, call.caller().userId(), null),
          tx -> api.devices.moveTo(tx, id, d.version(), DeviceState.SHELVING, null));
    }).map(t -> Reply.accepted(CatalogViews.task(t), id));
  }

  private Future<Reply> unshelve(Call call) {
    String id = call.path("id");
    return api.devices.get(id).compose(d -> d.state() != DeviceState.READY
            ? Future.failedFuture(stateError(d, "ready"))
            : tasks.start(Tasks.pending("unshelve", id, null, call.caller().userId(), null),
                tx -> api.devices.moveTo(tx, id, d.version(), DeviceState.IN_STOCK, null)))
        .map(t -> Reply.accepted(CatalogViews.task(t), id));
  }

  private Future<Reply> collect(Call call) {
    String id = call.path("id");
    boolean clearRaid = call.body().getBoolean("clearRaid", false);
    return api.devices.get(id).compose(d -> d.state() != DeviceState.IN_STOCK && d.state() != DeviceState.SHELF_FAILED
            ? Future.failedFuture(stateError(d, "in_stock"))
            : tasks.start(Tasks.pending("collect", id, null, call.caller().userId(), new JsonObject().put("clearRaid", clearRaid)),
                tx -> Future.succeededFuture()))
        .map(t -> Reply.accepted(CatalogViews.task(t), id));
  }

  /** A free device's power goes off; one with an instance is stopped through it, so its state follows. */
  private Future<Reply> powerOff(Call call) {
    String id = call.path("id");
    return api.devices.get(id).compose(d -> {
      if (d.instanceId() != null) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.deviceHasInstance",
            "device " + id + " carries instance " + d.instanceId() + "; stop the instance instead", id, d.instanceId()));
      }
      if (!POWERABLE.contains(d.state())) {
        return Future.failedFuture(stateError(d, "in_stock, ready, shelf_failed or error"));
      }
      return tasks.start(Tasks.pending("power_off", id, null, call.caller().userId(), null), tx -> Future.succeededFuture());
    }).map(t -> Reply.accepted(CatalogViews.task(t), id));
  }

  private Future<Reply> retire(Call call) {
    String id = call.path("id");
    String reason = call.body().getString("reason");
    return api.tasks.hasActiveTask(id)
        .compose(active -> active ? Future.failedFuture(busy(id)) : api.devices.get(id))
        .compose(d -> api.devices.moveTo(id, d.version(), DeviceState.REMOVED, reason))
        .map(v -> Reply.noContent(id));
  }

  private static BmpException busy(String id) {
    return BmpException.localized(ErrorCode.INVALID_STATE, "error.activeTask", "device " + id + " already has an active task", id);
  }

  private static BmpException stateError(Device d, String needed) {
    return BmpException.localized(ErrorCode.INVALID_STATE, "error.deviceNeedsState",
        "device " + d.id() + " is " + d.state().wire() + "; this needs it " + needed, d.id(), d.state().wire(), needed);
  }

  static String joined(List<String> values) {
    return values.stream().collect(Collectors.joining(", "));
  }

  static List<String> split(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
