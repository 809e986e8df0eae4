package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.auth.Passwords;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.TenantViews;
import io.bmp.api.http.Views;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Task;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.InstanceRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Instances: list, detail, rename, and every action; each action that needs the machine starts a task. */
public final class InstanceHandlers {

  /** What a power action needs the instance to be, what it becomes, and the task that does it. */
  private record PowerAction(Set<InstanceStatus> from, InstanceStatus during, String task) {}

  private static final Map<String, PowerAction> POWER = Map.of(
      "start", new PowerAction(EnumSet.of(InstanceStatus.STOPPED), InstanceStatus.STARTING, "power_on"),
      "stop", new PowerAction(EnumSet.of(InstanceStatus.RUNNING), InstanceStatus.STOPPING, "power_off"),
      "restart", new PowerAction(EnumSet.of(InstanceStatus.RUNNING), InstanceStatus.RESTARTING, "power_cycle"),
      "delete", new PowerAction(EnumSet.of(InstanceStatus.RUNNING, InstanceStatus.STOPPED, InstanceStatus.ERROR),
          InstanceStatus.DELETING, "delete"));

  /** Where a failed action leaves an instance when its status is reset, by the failed task. */
  private static final Map<String, InstanceStatus> RESET_TO = Map.of(
      "power_on", InstanceStatus.STOPPED, "power_off", InstanceStatus.RUNNING, "power_cycle", InstanceStatus.RUNNING,
      "reset_password", InstanceStatus.STOPPED, "delete", InstanceStatus.STOPPED, "reinstall", InstanceStatus.STOPPED);

  private final ApiContext api;
  private final Tenancy tenancy;
  private final Tasks tasks;

  public InstanceHandlers(ApiContext api) {
    this.api = api;
    this.tenancy = new Tenancy(api);
    this.tasks = new Tasks(api);
  }

  public void register(OperationTable table) {
    table.on("listInstances", this::list).on("createInstances", new InstanceCreate(api)::handle)
        .on("getInstance", this::get).on("updateInstance", this::update)
        .on("deleteInstance", call -> power(call, "delete"))
        .on("startInstance", call -> power(call, "start")).on("stopInstance", call -> power(call, "stop"))
        .on("restartInstance", call -> power(call, "restart"))
        .on("lockInstance", call -> lock(call, true)).on("unlockInstance", call -> lock(call, false))
        .on("resetInstanceStatus", this::resetStatus).on("reinstallInstance", this::reinstall)
        .on("resetInstancePassword", this::resetPassword).on("batchInstances", this::batch);
  }

  private Future<Reply> list(Call call) {
    Caller caller = call.caller();
    Set<InstanceStatus> statuses = new LinkedHashSet<>();
    if (call.query("status") != null) {
      for (String s : call.query("status").split(",")) {
        try {
          statuses.add(InstanceStatus.fromWire(s));
        } catch (IllegalArgumentException e) {
          throw InstanceCreate.invalid("status", "unknown status '" + s + "'");
        }
      }
    }
    InstanceRepository.Filter filter = new InstanceRepository.Filter(caller.role().operates() ? null : caller.userId(),
        call.query("projectId"), statuses, call.query("name"), call.query("roomId"));
    return api.instances.page(filter, call.page(), call.sort()).map(p -> Reply.ok(Views.page(p, TenantViews::instance)));
  }

  private Future<Reply> get(Call call) {
    return tenancy.readableInstance(call.caller(), call.path("id"))
        .compose(i -> api.tasks.latestOfInstance(i.id()).map(task -> TenantViews.instance(i).put("taskId", task.orElse(null))))
        .map(Reply::ok);
  }

  private Future<Reply> update(Call call) {
    JsonObject b = call.body();
    return tenancy.writableInstance(call.caller(), call.path("id"))
        .compose(i -> i.locked() ? Future.failedFuture(locked(i.id()))
            : api.instances.rename(i.id(), b.getInteger("version"), b.getString("name"), b.getString("description")))
        .map(i -> Reply.ok(TenantViews.instance(i)));
  }

  private Future<Reply> power(Call call, String action) {
    return powerOn(call.caller(), call.path("id"), action).map(t -> Reply.accepted(CatalogViews.task(t), call.path("id")));
  }

  private Future<Task> powerOn(Caller caller, String id, String action) {
    PowerAction a = POWER.get(action);
    return tenancy.writableInstance(caller, id).compose(i -> tasks.start(
        Tasks.pending(a.task(), i.deviceId(), i.id(), caller.userId(), null),
        tx -> api.instances.transition(tx, i.id(), a.from(), a.during(), null)));
  }

  private Future<Reply> lock(Call call, boolean locked) {
    return tenancy.writableInstance(call.caller(), call.path("id"))
        .compose(i -> api.instances.setLocked(i.id(), locked)).map(i -> Reply.ok(TenantViews.instance(i)));
  }

  private Future<Reply> resetStatus(Call call) {
    return resetStatusOf(call.caller(), call.path("id")).map(i -> Reply.ok(TenantViews.instance(i)));
  }

  /** A failed action's instance back to the status it had before the action. */
  private Future<Instance> resetStatusOf(Caller caller, String id) {
    return tenancy.writableInstance(caller, id).compose(i -> {
      String failed = i.statusReason() == null ? "" : i.statusReason().split(":")[0].trim();
      InstanceStatus back = RESET_TO.get(failed);
      if (i.status() != InstanceStatus.ERROR || back == null) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.cannotReset",
            "instance " + i.id() + " is " + i.status().wire() + (i.statusReason() == null ? "" : " (" + i.statusReason() + ")")
                + "; only a failed start, stop, restart, password reset, reinstall or delete can be reset", i.id()));
      }
      // The failed task can no longer be retried, so the password it carried would never be used.
      return api.database.inTransaction(tx -> api.instances.transition(tx, i.id(), EnumSet.of(InstanceStatus.ERROR), back, null)
              .compose(v -> api.instances.setSecret(tx, i.id(), null)))
          .compose(v -> api.instances.get(i.id()));
    });
  }

  private Future<Reply> reinstall(Call call) {
    JsonObject b = call.body();
    checkReinstall(b);
    return reinstallTask(call.caller(), call.path("id"), b).map(t -> Reply.accepted(CatalogViews.task(t), call.path("id")));
  }

  /** What a reinstall's body must satisfy beyond its schema (also for a batch, before any instance is touched). */
  private static void checkReinstall(JsonObject b) {
    if (b.getString("password") != null) {
      Passwords.checkStrength(b.getString("password"));
    }
    if (b.getString("hostname") != null) {
      InstanceCreate.checkHostname(b.getString("hostname"), 1); // the rule of create, for one machine
    }
  }

  /**
   * Starts a reinstall of one instance. What the body leaves out stays as it is: the image, boot
   * mode, host name and system-disk layout (or the type's layout for a new image or boot mode).
   */
  private Future<Task> reinstallTask(Caller caller, String id, JsonObject b) {
    String password = b.getString("password");
    List<String> given = b.getJsonArray("sshKeyIds") == null ? null : CatalogHandlers.strings(b.getJsonArray("sshKeyIds"));
    List<Partition> partitions = b.getJsonArray("partitions") == null ? null : Partitions.parse(b.getJsonArray("partitions"));
    return tenancy.writableInstance(caller, id)
        .compose(i -> given == null ? Future.succeededFuture(i) : api.sshKeys.getOwned(caller.userId(), given).map(i))
        .compose(i -> {
          // Left out, the keys stay the instance's; the install password is not kept after an
          // install, so a machine reinstalled without a new one and without keys could not be
          // logged in to.
          List<String> keys = given != null ? given : i.sshKeyIds();
          if (password == null && keys.isEmpty()) {
            return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.reinstallNeedsLogin",
                "a reinstall needs a password or SSH keys: instance " + i.id() + " has no keys, and its install password "
                    + "is not kept", i.id()));
          }
          String imageId = b.getString("imageId", i.imageId());
          String bootMode = b.getString("bootMode", i.bootMode());
          return reinstallLayout(i, imageId, bootMode, partitions).compose(plan -> {
            JsonObject params = new JsonObject().put("imageId", imageId).put("bootMode", bootMode)
                .put("keepData", b.getBoolean("keepData", false)).put("hostname", b.getString("hostname", i.hostname()))
                .put("sshKeyIds", new JsonArray(keys)).put("hasPassword", password != null)
                .mergeIn(InstanceCreate.volumeDisks(plan.type()));
            if (plan.layout() != null) {
              params.put("partitions", AgentContract.partitions(plan.layout()));
            }
            return tasks.start(Tasks.pending("reinstall", i.deviceId(), i.id(), caller.userId(), params),
                tx -> api.instances.transition(tx, i.id(),
                        EnumSet.of(InstanceStatus.RUNNING, InstanceStatus.STOPPED, InstanceStatus.ERROR),
                        InstanceStatus.REINSTALLING, null)
                    .compose(v -> password == null ? Future.succeededFuture()
                        : api.instances.setSecret(tx, i.id(), api.secrets.encrypt(password))));
          });
        });
  }

  /**
   * The system-disk layout of a reinstall: the one asked for; else, when the image or boot mode
   * changes, the device type's layout for the new pair (if it has one); else null, the current one.
   * The image must be bound to the type and both must support the boot mode.
   */
  private record ReinstallPlan(DeviceType type, List<Partition> layout) {}

  private Future<ReinstallPlan> reinstallLayout(Instance i, String imageId, String bootMode, List<Partition> asked) {
    Future<DeviceType> type = api.deviceTypes.get(i.deviceTypeId());
    Future<Image> image = api.catalog.findImage(imageId)
        .map(found -> found.orElseThrow(() -> InstanceCreate.invalid("imageId", "image " + imageId + " not found")));
    return Future.all(type, image).compose(v -> api.catalog.isBound(i.deviceTypeId(), imageId)).compose(bound -> {
      if (!bound) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.notBound",
            "image " + imageId + " is not bound to device type " + i.deviceTypeId(), imageId, i.deviceTypeId()));
      }
      if (!type.result().bootModes().contains(bootMode) || !image.result().bootModes().contains(bootMode)) {
        return Future.failedFuture(InstanceCreate.invalid("bootMode",
            "boot mode " + bootMode + " is not supported by both the device type and the image"));
      }
      if (asked != null) {
        Partitions.checkVolumes(asked, type.result());
        return Future.succeededFuture(new ReinstallPlan(type.result(), asked));
      }
      if (imageId.equals(i.imageId()) && bootMode.equals(i.bootMode())) {
        return Future.succeededFuture(new ReinstallPlan(type.result(), null));
      }
      return api.catalog.partitionTemplate(i.deviceTypeId(), imageId, bootMode)
          .map(parts -> new ReinstallPlan(type.result(), parts.isEmpty() ? null : parts));
    });
  }

  private Future<Reply> resetPassword(Call call) {
    String password = call.body().getString("password");
    Passwords.checkStrength(password);
    return passwordTask(call.caller(), call.path("id"), password)
        .map(t -> Reply.accepted(CatalogViews.task(t), call.path("id")));
  }

  private Future<Task> passwordTask(Caller caller, String id, String password) {
    return tenancy.writableInstance(caller, id).compose(i -> tasks.start(
        Tasks.pending("reset_password", i.deviceId(), i.id(), caller.userId(), null),
        tx -> api.instances.transition(tx, i.id(), EnumSet.of(InstanceStatus.RUNNING, InstanceStatus.STOPPED),
                InstanceStatus.RESETTING_PASSWORD, null)
            .compose(v -> api.instances.setSecret(tx, i.id(), api.secrets.encrypt(password)))));
  }

  /** One action on each instance, one after the other; a refusal does not stop the others. */
  private Future<Reply> batch(Call call) {
    JsonObject b = call.body();
    String action = call.path("action");
    Caller caller = call.caller();
    List<String> ids = CatalogHandlers.strings(b.getJsonArray("instanceIds"));
    if (action.equals("rename") && b.getString("name") == null) {
      return Future.failedFuture(InstanceCreate.invalid("name", "rename needs name"));
    }
    if (action.equals("reset-password")) {
      if (b.getString("password") == null) {
        return Future.failedFuture(InstanceCreate.invalid("password", "reset-password needs password"));
      }
      Passwords.checkStrength(b.getString("password"));
    }
    if (action.equals("reinstall")) {
      checkReinstall(b);
    }
    BiFunction<String, Integer, Future<String>> one = (id, n) -> switch (action) {
      case "start", "stop", "restart", "delete" -> powerOn(caller, id, action).map(Task::id);
      case "lock", "unlock" -> tenancy.writableInstance(caller, id)
          .compose(i -> api.instances.setLocked(i.id(), action.equals("lock"))).map(i -> (String) null);
      case "rename" -> tenancy.writableInstance(caller, id).compose(i -> i.locked() ? Future.failedFuture(locked(id))
          : api.instances.rename(i.id(), i.version(), b.getString("name") + (ids.size() > 1 ? "-" + n : ""), null))
          .map(i -> (String) null);
      case "reset-password" -> passwordTask(caller, id, b.getString("password")).map(Task::id);
      case "reinstall" -> reinstallTask(caller, id, b).map(Task::id);
      case "reset-status" -> resetStatusOf(caller, id).map(i -> (String) null);
      default -> Future.failedFuture(InstanceCreate.invalid("action", "unknown action " + action));
    };
    JsonArray results = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (int n = 0; n < ids.size(); n++) {
      String id = ids.get(n);
      int index = n + 1;
      chain = chain.compose(v -> one.apply(id, index).transform(done -> {
        results.add(done.succeeded() ? Batch.success(id, done.result()) : Batch.failure(id, done.cause(), call));
        return Future.<Void>succeededFuture();
      }));
    }
    return chain.map(v -> Reply.ok(new JsonObject().put("items", results)));
  }

  private static BmpException locked(String id) {
    return BmpException.localized(ErrorCode.INVALID_STATE, "error.instanceLocked", "instance " + id + " is locked; unlock it first", id);
  }
}
