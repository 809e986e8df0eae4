package io.bmp.core.repo;

import io.bmp.core.domain.StepState;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskState;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks and their steps: the scheduler's persisted state. A device holds at most one active
 * (pending or running) task, which the database enforces; every step change is checked against
 * the version the caller read, so two schedulers never both advance the same step.
 */
public final class TaskRepository extends Repository {

  private static final String TASK_COLUMNS = "id, kind, device_id, instance_id, state, current_step, requested_by, "
      + "params, error_code, error_message, created_at, started_at, finished_at, version";
  private static final String STEP_COLUMNS = "id, task_id, ordinal, kind, state, attempts, max_attempts, timeout_ms, "
      + "deadline_at, started_at, finished_at, progress_done, progress_total, error_code, error_message, result, version";

  public TaskRepository(Database database) {
    super(database, Map.of(
        "uk_tasks_active_device", "the device already has an active task",
        "fk_tasks_device", "the device does not exist",
        "fk_tasks_instance", "the instance does not exist"));
  }

  /** Records a pending task with its planned steps, all or nothing. */
  public Future<Task> create(Task task) {
    return database.inTransaction(tx -> create(tx, task)).compose(v -> get(task.id()));
  }

  /**
   * Records a pending task inside the caller's transaction (with the state change that goes with
   * it). Fails {@code INVALID_STATE} when the device already has an active task.
   */
  public Future<Void> create(SqlClient tx, Task task) {
    var now = Rows.now();
    return update(tx,
            "INSERT INTO tasks (id, kind, device_id, instance_id, state, active, current_step, requested_by, params, "
                + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?, 0)",
            Tuple.from(new Object[] {task.id(), task.kind(), task.deviceId(), task.instanceId(),
                TaskState.PENDING.wire(), task.requestedBy(), task.params(), now, now}))
        .recover(failure -> Future.failedFuture(failure instanceof BmpException bmp && bmp.code() == ErrorCode.ALREADY_EXISTS
            ? BmpException.localized(ErrorCode.INVALID_STATE, "error.activeTask",
                "device " + task.deviceId() + " already has an active task", task.deviceId())
            : failure))
        .compose(n -> task.steps().isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery("INSERT INTO task_steps (id, task_id, ordinal, kind, state, attempts, max_attempts, "
                    + "timeout_ms, version) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)")
                .executeBatch(task.steps().stream().map(step -> Tuple.from(new Object[] {step.id(), task.id(),
                    step.ordinal(), step.kind(), StepState.PENDING.wire(), step.maxAttempts(), step.timeoutMillis()}))
                    .toList())
                .mapEmpty())
        .mapEmpty();
  }

  /**
   * The id of an instance's newest task, if it has one: what the instance's own view shows. One
   * indexed row, where a page of one task would also count the tasks and read every step.
   */
  public Future<Optional<String>> latestOfInstance(String instanceId) {
    return one(pool(), "SELECT id FROM tasks WHERE instance_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
        Tuple.of(instanceId), row -> row.getString(0));
  }

  /** Tasks of a device or an instance (or both), newest first, with their steps. */
  public Future<io.bmp.core.storage.Page<Task>> page(String deviceId, String instanceId, String state,
      io.bmp.core.storage.PageRequest page) {
    return page(deviceId, instanceId, state, page, null);
  }

  private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "kind", "kind", "state", "state");

  /** The same in the order {@code sort} asks for (createdAt, kind, state; a leading - for descending). */
  public Future<io.bmp.core.storage.Page<Task>> page(String deviceId, String instanceId, String state,
      io.bmp.core.storage.PageRequest page, String sort) {
    io.bmp.core.storage.Where where = new io.bmp.core.storage.Where("1 = 1").eq("device_id", deviceId)
        .eq("instance_id", instanceId).eq("state", state);
    Future<Long> total = listTotal("SELECT COUNT(*) FROM tasks" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(), "SELECT " + TASK_COLUMNS + " FROM tasks" + where.sql()
        + io.bmp.core.storage.Sort.orderBy(sort, SORTABLE, "created_at DESC") + " LIMIT ? OFFSET ?",
        where.argsWithPage(page), r -> r);
    return Future.all(total, rows).compose(v -> {
      List<Future<Task>> tasks = rows.result().stream()
          .map(r -> stepsOf(pool(), r.getString("id")).map(steps -> map(r, steps))).toList();
      return Future.all(tasks).map(all -> new io.bmp.core.storage.Page<>(tasks.stream().map(Future::result).toList(),
          total.result(), page.pageNumber(), page.pageSize()));
    });
  }

  /**
   * Cancels a pending or running task, in the caller's transaction: the task and its unfinished
   * steps become CANCELLED and the device's active-task slot is freed. A running step's worker
   * finds its step cancelled when it reports, and stops.
   */
  public Future<Void> cancel(SqlClient tx, String taskId) {
    var now = Rows.now();
    return update(tx, "UPDATE tasks SET state = ?, active = NULL, error_code = 'CANCELLED', error_message = ?, "
            + "finished_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND active = 1",
        Tuple.from(new Object[] {TaskState.CANCELLED.wire(), "cancelled", now, now, taskId}))
        .compose(changed -> changed == 1
            ? update(tx, "UPDATE task_steps SET state = ?, finished_at = ?, version = version + 1 "
                + "WHERE task_id = ? AND state IN (?, ?)", Tuple.of(StepState.CANCELLED.wire(), now, taskId,
                    StepState.PENDING.wire(), StepState.RUNNING.wire())).<Void>mapEmpty()
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.taskFinished",
                "task " + taskId + " has already finished", taskId)));
  }

  /**
   * Makes a failed task pending again from its failed step, in the caller's transaction: steps that
   * succeeded stay done, the failed and later ones run again with fresh attempts. Fails {@code
   * INVALID_STATE} if the task did not fail or its device has another active task.
   */
  public Future<Void> retry(SqlClient tx, String taskId) {
    var now = Rows.now();
    return update(tx, "UPDATE tasks SET state = ?, active = 1, error_code = NULL, error_message = NULL, finished_at = NULL, "
            + "updated_at = ?, version = version + 1 WHERE id = ? AND state = ?",
        Tuple.of(TaskState.PENDING.wire(), now, taskId, TaskState.FAILED.wire()))
        .recover(failure -> Future.failedFuture(failure instanceof BmpException bmp && bmp.code() == ErrorCode.ALREADY_EXISTS
            ? BmpException.localized(ErrorCode.INVALID_STATE, "error.activeTaskOther",
                "the device has another task under way; wait for it or cancel it")
            : failure))
        .compose(changed -> changed == 1
            ? update(tx, "UPDATE task_steps SET state = ?, attempts = 0, error_code = NULL, error_message = NULL, "
                + "started_at = NULL, finished_at = NULL, deadline_at = NULL, version = version + 1 "
                + "WHERE task_id = ? AND state <> ?", Tuple.of(StepState.PENDING.wire(), taskId, StepState.SUCCEEDED.wire()))
                .<Void>mapEmpty()
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.taskNotFailed",
                "only a failed task can be retried", taskId)));
  }

  /**
   * Makes steps {@code from} (inclusive) to {@code to} (exclusive) of a running task pending again,
   * with fresh attempts: the scheduler goes back this way when a step needs something an earlier
   * step made and that is gone (a LiveOS session closed by a failure before a retry).
   */
  public Future<Task> rewind(String taskId, int from, int to) {
    return update(pool(), "UPDATE task_steps SET state = ?, attempts = 0, error_code = NULL, error_message = NULL, "
            + "started_at = NULL, finished_at = NULL, deadline_at = NULL, progress_done = NULL, progress_total = NULL, "
            + "version = version + 1 WHERE task_id = ? AND ordinal >= ? AND ordinal < ?",
        Tuple.of(StepState.PENDING.wire(), taskId, from, to))
        .compose(changed -> get(taskId));
  }

  /** Whether the device has an active (pending or running) task. */
  public Future<Boolean> hasActiveTask(String deviceId) {
    return count(pool(), "SELECT COUNT(*) FROM tasks WHERE device_id = ? AND active = 1", Tuple.of(deviceId)).map(n -> n > 0);
  }

  public Future<Optional<Task>> find(String id) {
    return one(pool(), "SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?", Tuple.of(id), row -> row)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.empty())
            : stepsOf(pool(), id).map(steps -> Optional.of(map(row.get(), steps))));
  }

  public Future<Task> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "task " + id + " not found", "noun.task", id)));
  }

  /** Every task that has not finished: what a restarted scheduler resumes. */
  public Future<List<String>> unfinishedIds() {
    return list(pool(), "SELECT id FROM tasks WHERE active = 1 ORDER BY created_at", Tuple.tuple(), r -> r.getString("id"));
  }

  /**
   * Starts (or re-tries) a step: RUNNING, one more attempt, a deadline; the task becomes RUNNING
   * at that step. Fails {@code VERSION_CONFLICT} if the step changed since the caller read it.
   */
  public Future<TaskStep> startStep(TaskStep step, Instant deadline) {
    var now = Rows.now();
    return database.inTransaction(tx -> markRunning(tx, step, deadline, now)
        .compose(started -> atStep(tx, step, now).compose(active -> active ? Future.succeededFuture(started)
            : Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.taskFinished", "task " + step.taskId() + " has already finished", step.taskId())))));
  }

  /** A step's end as SUCCEEDED and, when its task is still active, the next step's start. */
  public record Handover(TaskStep finished, Optional<TaskStep> started) {}

  /**
   * Ends {@code step} as SUCCEEDED and starts {@code next} (as {@link #startStep} does) in one
   * transaction: one commit where there were two, at each of a task's step boundaries (about a
   * quarter of an install's commits). If the task is no longer active (cancelled meanwhile) only the
   * end is written and {@code started} is empty. Fails {@code VERSION_CONFLICT}, writing nothing, if
   * either step changed since the caller read it. The task's row is written first, as a cancel
   * writes it, so the two take their locks in the same order.
   */
  public Future<Handover> finishAndStart(TaskStep step, String result, TaskStep next, Instant deadline) {
    var now = Rows.now();
    return database.inTransactionRetrying(tx -> atStep(tx, next, now)
        .compose(active -> finishStep(tx, step, StepState.SUCCEEDED, null, null, result, now)
            .compose(finished -> !active ? Future.succeededFuture(new Handover(finished, Optional.empty()))
                : markRunning(tx, next, deadline, now).map(started -> new Handover(finished, Optional.of(started))))), 3);
  }

  private Future<TaskStep> markRunning(SqlClient tx, TaskStep step, Instant deadline, LocalDateTime now) {
    return update(tx,
        "UPDATE task_steps SET state = ?, attempts = attempts + 1, started_at = ?, deadline_at = ?, finished_at = NULL, "
            + "error_code = NULL, error_message = NULL, version = version + 1 WHERE id = ? AND version = ?",
        Tuple.of(StepState.RUNNING.wire(), now, Rows.utc(millis(deadline)), step.id(), step.version()))
        .compose(changed -> changed == 1 ? Future.succeededFuture(new TaskStep(step.id(), step.taskId(), step.ordinal(),
            step.kind(), StepState.RUNNING, step.attempts() + 1, step.maxAttempts(), step.timeoutMillis(), millis(deadline),
            Rows.instant(now), null, step.progressDone(), step.progressTotal(), null, null, step.result(), step.version() + 1))
            : Future.failedFuture(stepConflict(step)));
  }

  /** The task RUNNING at {@code step}: false when it is no longer active (nothing written then). */
  private Future<Boolean> atStep(SqlClient tx, TaskStep step, LocalDateTime now) {
    return update(tx,
        "UPDATE tasks SET state = ?, current_step = ?, started_at = COALESCE(started_at, ?), updated_at = ?, "
            + "version = version + 1 WHERE id = ? AND active = 1",
        Tuple.of(TaskState.RUNNING.wire(), step.ordinal(), now, now, step.taskId()))
        .map(changed -> changed == 1);
  }

  /**
   * Records the planned steps of a task that has none yet (the api records what to do, the scheduler
   * plans how). Planning twice is harmless: a second plan finds the steps there and keeps them.
   */
  public Future<Task> plan(Task task, List<TaskStep> steps) {
    return database.inTransaction(tx -> count(tx, "SELECT COUNT(*) FROM task_steps WHERE task_id = ?", Tuple.of(task.id()))
            .compose(n -> n > 0 || steps.isEmpty() ? Future.<Void>succeededFuture()
                : tx.preparedQuery("INSERT INTO task_steps (id, task_id, ordinal, kind, state, attempts, max_attempts, "
                        + "timeout_ms, version) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)")
                    .executeBatch(steps.stream().map(step -> Tuple.from(new Object[] {step.id(), task.id(),
                        step.ordinal(), step.kind(), StepState.PENDING.wire(), step.maxAttempts(), step.timeoutMillis()}))
                        .toList())
                    .<Void>mapEmpty()))
        .recover(failure -> failure instanceof BmpException bmp && bmp.code() == ErrorCode.ALREADY_EXISTS
            ? Future.succeededFuture() : Future.failedFuture(failure))
        .compose(v -> get(task.id()));
  }

  /**
   * An attempt failed and another will follow: the step waits (PENDING) with the attempt's error on
   * record, so the task's view shows why it is being tried again.
   */
  public Future<TaskStep> attemptFailed(TaskStep step, String errorCode, String errorMessage) {
    var now = Rows.now();
    return update(pool(), "UPDATE task_steps SET state = ?, error_code = ?, error_message = ?, finished_at = ?, "
            + "version = version + 1 WHERE id = ? AND version = ?",
        Tuple.of(StepState.PENDING.wire(), errorCode, errorMessage, now, step.id(), step.version()))
        .compose(changed -> changed == 1 ? Future.succeededFuture(new TaskStep(step.id(), step.taskId(), step.ordinal(),
            step.kind(), StepState.PENDING, step.attempts(), step.maxAttempts(), step.timeoutMillis(), step.deadlineAt(),
            step.startedAt(), Rows.instant(now), step.progressDone(), step.progressTotal(), errorCode, errorMessage, step.result(),
            step.version() + 1)) : Future.failedFuture(stepConflict(step)));
  }

  /** Records a step's progress (bytes or units done of a total); checked against the step's version. */
  public Future<TaskStep> progress(TaskStep step, long done, long total) {
    return update(pool(),
        "UPDATE task_steps SET progress_done = ?, progress_total = ?, version = version + 1 WHERE id = ? AND version = ?",
        Tuple.of(done, total, step.id(), step.version()))
        .compose(changed -> changed == 1 ? Future.succeededFuture(new TaskStep(step.id(), step.taskId(), step.ordinal(),
            step.kind(), step.state(), step.attempts(), step.maxAttempts(), step.timeoutMillis(), step.deadlineAt(),
            step.startedAt(), step.finishedAt(), done, total, step.errorCode(), step.errorMessage(), step.result(),
            step.version() + 1)) : Future.failedFuture(stepConflict(step)));
  }

  /** Ends a step as SUCCEEDED, FAILED, SKIPPED or CANCELLED. */
  public Future<TaskStep> finishStep(TaskStep step, StepState outcome, String errorCode, String errorMessage, String result) {
    if (!outcome.finished()) {
      throw new IllegalArgumentException(outcome + " does not finish a step");
    }
    return finishStep(pool(), step, outcome, errorCode, errorMessage, result, Rows.now());
  }

  private Future<TaskStep> finishStep(SqlClient client, TaskStep step, StepState outcome, String errorCode,
      String errorMessage, String result, LocalDateTime now) {
    return update(client,
        "UPDATE task_steps SET state = ?, finished_at = ?, error_code = ?, error_message = ?, result = ?, "
            + "version = version + 1 WHERE id = ? AND version = ?",
        Tuple.from(new Object[] {outcome.wire(), now, errorCode, errorMessage, result, step.id(), step.version()}))
        .compose(changed -> changed == 1 ? Future.succeededFuture(new TaskStep(step.id(), step.taskId(), step.ordinal(),
            step.kind(), outcome, step.attempts(), step.maxAttempts(), step.timeoutMillis(), step.deadlineAt(),
            step.startedAt(), Rows.instant(now), step.progressDone(), step.progressTotal(), errorCode, errorMessage, result,
            step.version() + 1)) : Future.failedFuture(stepConflict(step)));
  }

  /** Ends the task and frees its device's active-task slot. */
  public Future<Task> finish(Task task, TaskState outcome, String errorCode, String errorMessage) {
    if (outcome.active()) {
      throw new IllegalArgumentException(outcome + " does not finish a task");
    }
    var now = Rows.now();
    return update(pool(),
        "UPDATE tasks SET state = ?, active = NULL, error_code = ?, error_message = ?, finished_at = ?, updated_at = ?, "
            + "version = version + 1 WHERE id = ? AND version = ? AND active = 1",
        Tuple.from(new Object[] {outcome.wire(), errorCode, errorMessage, now, now, task.id(), task.version()}))
        .compose(changed -> changed == 1 ? get(task.id()) : find(task.id()).compose(current -> Future.failedFuture(
            current.isEmpty() ? BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "task " + task.id() + " not found", "noun.task", task.id())
                : !current.get().state().active()
                    ? BmpException.localized(ErrorCode.INVALID_STATE, "error.taskFinished", "task " + task.id() + " has already finished", task.id())
                    : BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict", "task " + task.id() + " was changed by someone else; reload and retry", "noun.task", task.id()))));
  }

  public Future<TaskStep> step(String stepId) {
    return one(pool(), "SELECT " + STEP_COLUMNS + " FROM task_steps WHERE id = ?", Tuple.of(stepId), TaskRepository::mapStep)
        .map(found -> found.orElseThrow(() -> new BmpException(ErrorCode.NOT_FOUND, "step " + stepId + " not found")));
  }

  /**
   * An instant as a DATETIME(3) column keeps it. The step writes return the record as written,
   * built from what they wrote rather than read back (a task's steps are written by one scheduler
   * at a time and each write is checked against the step's version; the read after every write was
   * about one statement in five of an install), so the deadline is truncated before it is written.
   * TaskRepositoryTest compares each returned record with a fresh read.
   */
  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private BmpException stepConflict(TaskStep step) {
    return new BmpException(ErrorCode.VERSION_CONFLICT,
        "step " + step.ordinal() + " (" + step.kind() + ") of task " + step.taskId() + " was changed by someone else");
  }

  private Future<List<TaskStep>> stepsOf(SqlClient client, String taskId) {
    return list(client, "SELECT " + STEP_COLUMNS + " FROM task_steps WHERE task_id = ? ORDER BY ordinal",
        Tuple.of(taskId), TaskRepository::mapStep);
  }

  private static Task map(Row row, List<TaskStep> steps) {
    return new Task(row.getString("id"), row.getString("kind"), row.getString("device_id"),
        row.getString("instance_id"), TaskState.fromWire(row.getString("state")), Rows.integer(row, "current_step"),
        row.getString("requested_by"), Rows.text(row, "params"), row.getString("error_code"),
        row.getString("error_message"), Rows.instant(row, "created_at"), Rows.instant(row, "started_at"),
        Rows.instant(row, "finished_at"), Rows.integer(row, "version"), steps);
  }

  private static TaskStep mapStep(Row row) {
    return new TaskStep(row.getString("id"), row.getString("task_id"), Rows.integer(row, "ordinal"),
        row.getString("kind"), StepState.fromWire(row.getString("state")), Rows.integer(row, "attempts"),
        Rows.integer(row, "max_attempts"), Rows.longValue(row, "timeout_ms"), Rows.instant(row, "deadline_at"),
        Rows.instant(row, "started_at"), Rows.instant(row, "finished_at"), Rows.longValue(row, "progress_done"),
        Rows.longValue(row, "progress_total"), row.getString("error_code"), row.getString("error_message"),
        Rows.text(row, "result"), Rows.integer(row, "version"));
  }
}
