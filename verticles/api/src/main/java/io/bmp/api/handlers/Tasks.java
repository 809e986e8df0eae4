package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.core.contract.SchedulerContract;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskState;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * Starts tasks the one way: the state change that goes with the task (a device becoming
 * {@code shelving}, an instance {@code creating}) and the task itself commit in one transaction,
 * then the scheduler is told. The task is durable before anyone is told, so nothing is lost if the
 * scheduler is down: it finds pending tasks when it starts.
 */
final class Tasks {

  private final ApiContext api;

  Tasks(ApiContext api) {
    this.api = api;
  }

  /** A pending task of {@code kind} for the device (and instance), with its parameters. */
  static Task pending(String kind, String deviceId, String instanceId, String requestedBy, JsonObject params) {
    return new Task(Ids.next("task"), kind, deviceId, instanceId, TaskState.PENDING, 0, requestedBy,
        params == null ? null : params.encode(), null, null, null, null, null, 0, List.of());
  }

  /** Runs {@code stateChange} and records {@code task} in one transaction, then announces the task. */
  Future<Task> start(Task task, Function<SqlConnection, Future<Void>> stateChange) {
    return api.database.inTransaction(tx -> stateChange.apply(tx).compose(v -> api.tasks.create(tx, task)))
        .compose(v -> api.tasks.get(task.id()))
        .onSuccess(created -> announce(created.id()));
  }

  void announceCancel(String taskId) {
    api.vertx.eventBus().publish(SchedulerContract.TASK_CANCELLED, new JsonObject().put("taskId", taskId));
  }

  void announce(String taskId) {
    api.vertx.eventBus().publish(SchedulerContract.TASK_SUBMITTED, new JsonObject().put("taskId", taskId));
  }
}
