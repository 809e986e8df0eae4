package io.bmp.scheduler;

import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.Task;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.InstanceRepository;
import io.bmp.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the end of a task means for the device and instance it worked on. The "-ing" statuses the
 * api set when the task started are replaced here, never by a timer: an instance is running only
 * once its installed OS has called back.
 */
final class Outcomes {

  /** The status an instance reaches when a task of this kind succeeds. */
  private static final Map<String, InstanceStatus> SUCCEEDED = Map.of(
      "install", InstanceStatus.RUNNING, "reinstall", InstanceStatus.RUNNING, "power_on", InstanceStatus.RUNNING,
      "power_cycle", InstanceStatus.RUNNING, "power_off", InstanceStatus.STOPPED,
      "reset_password", InstanceStatus.STOPPED);

  private final DeviceRepository devices;
  private final InstanceRepository instances;
  private final TaskMessages messages;

  Outcomes(Database database) {
    this.devices = new DeviceRepository(database);
    this.instances = new InstanceRepository(database);
    this.messages = new TaskMessages(database);
  }

  /** Tells the task's requester how it ended (never fails). */
  Future<Void> tell(TaskContext ctx, Task task, boolean ok, String code, String reason) {
    String subject = ctx.instance() != null ? ctx.instance().name() : ctx.device() != null ? ctx.device().sn()
        : task.instanceId() != null ? task.instanceId() : task.deviceId();
    return messages.finished(task, subject, ok, code, reason);
  }

  Future<Void> succeeded(TaskContext ctx) {
    String kind = ctx.task().kind();
    String instanceId = ctx.task().instanceId();
    switch (kind) {
      case "shelve":
        return devices.settle(ctx.deviceId(), DeviceState.SHELVING, DeviceState.READY, null).mapEmpty();
      case "collect":
        return ctx.task().steps().stream()
            .filter(s -> s.kind().equals(StepKind.AGENT_INVENTORY.wire()) && s.result() != null).findFirst()
            .map(s -> devices.recordInventory(ctx.deviceId(), new JsonObject(s.result())))
            .orElseGet(() -> devices.collected(ctx.deviceId(), true, null));
      case "reinstall":
        if (ctx.instance() == null || ctx.image() == null) {
          return Future.succeededFuture(); // the instance went away meanwhile: nothing to record
        }
        return instances.reinstalled(instanceId, ctx.image().id(), ctx.bootMode(), ctx.hostname(), ctx.partitions(),
            ctx.params().containsKey("sshKeyIds")
                ? ctx.params().getJsonArray("sshKeyIds").stream().map(String::valueOf).toList()
                : ctx.instance().sshKeyIds());
      case "delete":
        return instances.retire(instanceId).compose(v -> devices.free(ctx.deviceId(), instanceId)).mapEmpty();
      default:
        InstanceStatus target = SUCCEEDED.get(kind);
        return target == null || instanceId == null ? Future.succeededFuture()
            : instances.settle(instanceId, target, null, kind.equals("install") || kind.equals("reset_password"));
    }
  }

  /** The instance fails with "{@code <kind>}: {@code <reason>}" (the api's status reset reads the kind back). */
  Future<Void> failed(TaskContext ctx, String code, String message) {
    String reason = truncate(code + ": " + message, 200);
    if (ctx.task().instanceId() != null) {
      return instances.settle(ctx.task().instanceId(), InstanceStatus.ERROR, truncate(ctx.task().kind() + ": " + reason, 250),
          false);
    }
    return switch (ctx.task().kind()) {
      case "shelve" -> devices.settle(ctx.deviceId(), DeviceState.SHELVING, DeviceState.SHELF_FAILED, reason).mapEmpty();
      case "collect" -> devices.collected(ctx.deviceId(), false, reason);
      default -> Future.succeededFuture();
    };
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
