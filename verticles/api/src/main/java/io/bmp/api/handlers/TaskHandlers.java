package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.Task;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.Map;

/**
 * Tasks: list, detail, cancel, retry. A tenant reaches a task through its instance; tasks of
 * devices alone (shelving, inventory) are the operators'.
 */
public final class TaskHandlers {

  /** The status an instance is in while a task of this kind runs (for retry). */
  private static final Map<String, InstanceStatus> DURING = Map.of(
      "install", InstanceStatus.CREATING, "reinstall", InstanceStatus.REINSTALLING, "delete", InstanceStatus.DELETING,
      "power_on", InstanceStatus.STARTING, "power_off", InstanceStatus.STOPPING, "power_cycle", InstanceStatus.RESTARTING,
      "reset_password", InstanceStatus.RESETTING_PASSWORD);

  private final ApiContext api;
  private final Tenancy tenancy;
  private final Tasks tasks;

  public TaskHandlers(ApiContext api) {
    this.api = api;
    this.tenancy = new Tenancy(api);
    this.tasks = new Tasks(api);
  }

  public void register(OperationTable table) {
    table.on("listTasks", this::list).on("getTask", this::get).on("cancelTask", this::cancel).on("retryTask", this::retry);
  }

  private Future<Reply> list(Call call) {
    Caller caller = call.caller();
    String instanceId = call.query("instanceId");
    String deviceId = call.query("deviceId");
    if (!caller.role().operates()) {
      if (instanceId == null) {
        return Future.failedFuture(InstanceCreate.invalid("instanceId", "tenants list the tasks of one instance: give instanceId"));
      }
      if (deviceId != null) {
        return Future.failedFuture(BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.roleDenied",
            "your role (User) may not do this", "User"));
      }
    }
    Future<Void> reach = instanceId == null ? Future.succeededFuture()
        : tenancy.readableInstance(caller, instanceId).mapEmpty();
    return reach.compose(v -> api.tasks.page(deviceId, instanceId, call.query("state"), call.page(), call.sort()))
        .map(p -> Reply.ok(Views.page(p, CatalogViews::task)));
  }

  private Future<Reply> get(Call call) {
    return readable(call.caller(), call.path("id")).map(t -> Reply.ok(CatalogViews.task(t)));
  }

  /** Cancels the task and marks what it worked on: the instance failed ("cancelled"), a device shelving failed. */
  private Future<Reply> cancel(Call call) {
    return writable(call.caller(), call.path("id")).compose(t -> api.database.inTransaction(tx ->
            api.tasks.cancel(tx, t.id()).compose(v -> compensate(tx, t)))
        .compose(v -> api.tasks.get(t.id())))
        .onSuccess(t -> tasks.announceCancel(t.id()))
        .map(t -> Reply.ok(CatalogViews.task(t)));
  }

  private Future<Void> compensate(SqlConnection tx, Task t) {
    if (t.instanceId() != null) {
      // A cancelled task is never retried: the install password it carried goes with it.
      return tx.preparedQuery("UPDATE instances SET status = ?, status_reason = ?, secret_enc = NULL, version = version + 1 "
              + "WHERE id = ? AND alive = 1")
          .execute(Tuple.of(InstanceStatus.ERROR.wire(), t.kind() + ": cancelled", t.instanceId())).mapEmpty();
    }
    if (t.kind().equals("shelve")) {
      return tx.preparedQuery("UPDATE devices SET state = ?, state_reason = ?, version = version + 1 WHERE id = ? AND state = ?")
          .execute(Tuple.of(DeviceState.SHELF_FAILED.wire(), "shelving cancelled", t.deviceId(), DeviceState.SHELVING.wire()))
          .mapEmpty();
    }
    return Future.succeededFuture();
  }

  /** Runs a failed task again from its failed step; what it works on goes back to its "in progress" state. */
  private Future<Reply> retry(Call call) {
    return writable(call.caller(), call.path("id")).compose(t -> api.database.inTransaction(tx ->
            api.tasks.retry(tx, t.id()).compose(v -> resume(tx, t)))
        .compose(v -> api.tasks.get(t.id())))
        .onSuccess(t -> tasks.announce(t.id()))
        .map(t -> Reply.ok(CatalogViews.task(t)));
  }

  private Future<Void> resume(SqlConnection tx, Task t) {
    InstanceStatus during = DURING.get(t.kind());
    if (t.instanceId() != null && during != null) {
      return api.instances.transition(tx, t.instanceId(), EnumSet.of(InstanceStatus.ERROR), during, null);
    }
    if (t.kind().equals("shelve")) {
      return tx.preparedQuery("UPDATE devices SET state = ?, state_reason = NULL, version = version + 1 WHERE id = ? AND state = ?")
          .execute(Tuple.of(DeviceState.SHELVING.wire(), t.deviceId(), DeviceState.SHELF_FAILED.wire())).mapEmpty();
    }
    return Future.succeededFuture();
  }

  private Future<Task> readable(Caller caller, String id) {
    return api.tasks.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Tenancy.notFound("noun.task", id));
      }
      Task t = found.get();
      if (caller.role().operates()) {
        return Future.succeededFuture(t);
      }
      return t.instanceId() == null ? Future.failedFuture(Tenancy.notFound("noun.task", id))
          : tenancy.readableInstance(caller, t.instanceId()).map(t)
              .recover(e -> Future.failedFuture(Tenancy.notFound("noun.task", id)));
    });
  }

  private Future<Task> writable(Caller caller, String id) {
    return readable(caller, id).compose(t -> caller.role().operates() || t.instanceId() == null
        ? Future.succeededFuture(t) : tenancy.writableInstance(caller, t.instanceId()).map(t));
  }
}
