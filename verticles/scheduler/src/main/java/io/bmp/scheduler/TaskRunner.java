package io.bmp.scheduler;

import io.bmp.core.agent.AgentChannel;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.contract.ApiContract;
import io.bmp.core.domain.StepState;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskState;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.repo.TaskRepository;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks step by step. Each task is a chain of futures on the scheduler's event loop (no thread
 * per task), so thousands run side by side. Every transition is written before the next begins:
 * a step is recorded RUNNING (with its attempt and deadline) before its action starts and
 * SUCCEEDED before the next step is looked at, so a restarted scheduler re-reads the task and goes
 * on from the first step that has not succeeded, re-issuing a step that was in flight.
 */
final class TaskRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  /**
   * How often a running step's progress is written to the database. Every report is published to
   * the live view at once; the record only has to show roughly how far a step got after a reload or
   * a crash, and with 200 machines writing images, writes every second were a sixth of the
   * database's commits.
   */
  private static final long PROGRESS_WRITE_MILLIS = 5000;
  /** Failures a retry cannot mend: refused credentials, bad input, a cancelled task. */
  private static final Set<ErrorCode> FINAL = EnumSet.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_STATE,
      ErrorCode.NOT_FOUND, ErrorCode.BMC_AUTH_FAILED, ErrorCode.BMC_PRIVILEGE, ErrorCode.BMC_UNSUPPORTED,
      ErrorCode.UNSUPPORTED_ACTION, ErrorCode.CONFIG_INVALID, ErrorCode.CANCELLED, ErrorCode.PERMISSION_DENIED);

  /** Thrown to end a task's chain quietly: it was cancelled or another scheduler took it. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /**
   * Thrown when a step's agent was lost or its LiveOS never checked in: the way into the LiveOS was
   * made pending again ({@link #bootAgain}), and the chain reads the task again to run it first.
   */
  private static final class BootAgain extends RuntimeException {
    BootAgain() {
      super(null, null, false, false);
    }
  }

  /**
   * A step's final record and, when its end and the next step's start were written in one
   * transaction ({@link #succeeded}), the next step as started (else null).
   */
  private record Done(TaskStep step, TaskStep next) {}

  /** The step being run: the latest recorded version, and the chain of progress writes. */
  private static final class Live {
    TaskStep step;
    Future<Void> writes = Future.succeededFuture();
    long lastWrite;

    Live(TaskStep step) {
      this.step = step;
    }
  }

  private final Vertx vertx;
  private final SchedulerSettings settings;
  private final TaskRepository tasks;
  private final AgentTokenRepository tokens;
  private final ContextLoader loader;
  private final StepActions actions;
  private final Outcomes outcomes;
  private final AgentChannel agents;
  private final Set<String> running = new HashSet<>();
  private Consumer<JsonObject> export = event -> { };

  TaskRunner(Vertx vertx, SchedulerSettings settings, TaskRepository tasks, AgentTokenRepository tokens,
      ContextLoader loader, StepActions actions, Outcomes outcomes, AgentChannel agents) {
    this.vertx = vertx;
    this.settings = settings;
    this.tasks = tasks;
    this.tokens = tokens;
    this.loader = loader;
    this.actions = actions;
    this.outcomes = outcomes;
    this.agents = agents;
  }

  int running() {
    return running.size();
  }

  /** Runs the task unless this scheduler already does. */
  void submit(String taskId) {
    if (!running.add(taskId)) {
      return;
    }
    run(taskId).onComplete(done -> {
      running.remove(taskId);
      if (done.failed() && !(done.cause() instanceof Stop)) {
        LOG.warn("TASK {} stopped: {}", taskId, logged(BmpException.of(done.cause())));
      }
    });
  }

  /** Every task that has not finished (on start, and now and then for any the scheduler missed). */
  Future<Integer> resumeAll() {
    return tasks.unfinishedIds().map(ids -> {
      ids.forEach(this::submit);
      return ids.size();
    });
  }

  private Future<Void> run(String taskId) {
    return tasks.get(taskId).compose(task -> {
      if (!task.state().active()) {
        return Future.<Void>succeededFuture();
      }
      return loader.load(task)
          .recover(e -> {
            BmpException failure = BmpException.of(e);
            // The instance or device must not stay in the transitional status the task gave it
            // ("starting", "reinstalling"…): from there no call could reset it.
            return outcomes.failed(TaskContext.unloaded(task), failure.code().name(), failure.getMessage())
                .recover(settle -> {
                  LOG.warn("TASK {} could not settle its {} after a failed load: {}", task.id(),
                      task.instanceId() != null ? "instance" : "device", logged(BmpException.of(settle)));
                  return Future.succeededFuture();
                })
                .compose(v -> tasks.finish(task, TaskState.FAILED, failure.code().name(), failure.getMessage()))
                .onSuccess(this::publish)
                .compose(t -> outcomes.tell(TaskContext.unloaded(t), t, false, failure.code().name(), failure.getMessage()))
                .compose(t -> Future.failedFuture(new Stop()));
          })
          .compose(this::planned)
          .compose(this::loop);
    });
  }

  /** The task with its steps, planning them on its first run. */
  private Future<TaskContext> planned(TaskContext ctx) {
    if (!ctx.task().steps().isEmpty()) {
      return Future.succeededFuture(ctx);
    }
    List<StepKind> kinds;
    try {
      kinds = Flows.plan(ctx);
    } catch (BmpException e) {
      return finishFailed(ctx, e).compose(v -> Future.failedFuture(new Stop()));
    }
    List<TaskStep> steps = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      StepPolicy policy = settings.policy(kinds.get(i));
      steps.add(TaskStep.planned(Ids.next("step"), ctx.task().id(), i, kinds.get(i).wire(), policy.attempts(),
          policy.timeoutMillis()));
    }
    return tasks.plan(ctx.task(), steps).map(task -> with(ctx, task));
  }

  /** Reads the task as recorded and goes on from its first unfinished step. */
  private Future<Void> loop(TaskContext ctx) {
    return tasks.get(ctx.task().id()).compose(task -> {
      if (!task.state().active()) {
        return Future.<Void>failedFuture(new Stop());
      }
      return advance(with(ctx, task), true);
    });
  }

  /**
   * Runs the first unfinished step, then the next from the task as it stands in memory: each step
   * write is checked against the step's version and the next step's start against the task being
   * active, so a cancel between two steps stops the chain there without the task being read again
   * before every step. The end of a task is decided on a fresh read ({@code recorded}).
   */
  private Future<Void> advance(TaskContext now, boolean recorded) {
    Task task = now.task();
    Optional<TaskStep> next = task.steps().stream().filter(TaskRunner::unfinished).findFirst();
    if (next.isEmpty()) {
      return recorded ? finishSucceeded(now) : loop(now);
    }
    TaskStep step = next.get();
    if (step.state() == StepState.FAILED) { // failed, but the crash came before the task was marked
      return finishFailed(now, new BmpException(code(step.errorCode()), String.valueOf(step.errorMessage())));
    }
    return inLiveOs(now, step).compose(ready -> ready ? carryOn(now, attempt(now, step)) : loop(now));
  }

  /** After a step: the next one, already started when its start was written with this one's end. */
  private Future<Void> carryOn(TaskContext now, Future<Done> step) {
    return step.compose(done -> {
      TaskContext after = with(now, replaced(now.task(), done.step()));
      return done.next() == null ? advance(after, false) : carryOn(after, running(after, done.next()));
    }, failure -> failure instanceof BootAgain ? loop(now) : Future.failedFuture(failure));
  }

  private static Task replaced(Task task, TaskStep step) {
    List<TaskStep> steps = task.steps().stream().map(s -> s.id().equals(step.id()) ? step : s).toList();
    return new Task(task.id(), task.kind(), task.deviceId(), task.instanceId(), task.state(), step.ordinal(),
        task.requestedBy(), task.params(), task.errorCode(), task.errorMessage(), task.createdAt(), task.startedAt(),
        task.finishedAt(), task.version(), steps);
  }

  /**
   * An agent step needs the LiveOS session its task's check-in opened. After a failure the session
   * was closed (and the machine may have been powered off since), so a retried task whose next step
   * is an agent's goes back through its network boot (reserve, boot device, power, check-in)
   * first: false when it did (and the loop goes on from there).
   */
  private Future<Boolean> inLiveOs(TaskContext ctx, TaskStep step) {
    if (!needsSession(StepKind.fromWire(step.kind()))) {
      return Future.succeededFuture(true);
    }
    Optional<TaskStep> entry = lastBefore(ctx, step, StepKind.DHCP_RESERVE);
    Optional<TaskStep> checkin = lastBefore(ctx, step, StepKind.AGENT_CHECKIN);
    if (entry.isEmpty() || checkin.isEmpty()) {
      return Future.succeededFuture(true);
    }
    return tokens.checkedIn(ctx.task().id()).compose(open -> {
      if (open) {
        return Future.succeededFuture(true);
      }
      LOG.info("TASK {} {} step {} {} needs the LiveOS, whose session is closed: back to step {} {}", ctx.task().id(),
          ctx.task().kind(), step.ordinal(), step.kind(), entry.get().ordinal(), entry.get().kind());
      // Only the way into the LiveOS runs again; agent steps that succeeded in the earlier session stay done.
      return tasks.rewind(ctx.task().id(), entry.get().ordinal(), checkin.get().ordinal() + 1).map(false);
    });
  }

  /** The last step of {@code kind} planned before {@code step} (the way into the LiveOS it depends on). */
  private static Optional<TaskStep> lastBefore(TaskContext ctx, TaskStep step, StepKind kind) {
    return ctx.task().steps().stream()
        .filter(s -> s.ordinal() < step.ordinal() && s.kind().equals(kind.wire())).reduce((a, b) -> b);
  }

  /** Runs a step to its end; the result is its final record (a failure that ends the task stops the chain). */
  private Future<Done> attempt(TaskContext ctx, TaskStep step) {
    if (StepKind.fromWire(step.kind()).isEmpty()) {
      return finishFailed(ctx, new BmpException(ErrorCode.UNSUPPORTED_ACTION, "unknown step kind " + step.kind()))
          .compose(v -> Future.failedFuture(new Stop()));
    }
    return tasks.startStep(step, Instant.now().plusMillis(step.timeoutMillis()))
        .recover(this::stopIfGone)
        .compose(started -> running(ctx, started));
  }

  /** Runs the action of a step recorded as started (its kind is known), and records how it ended. */
  private Future<Done> running(TaskContext ctx, TaskStep started) {
    publish(ctx, started);
    LOG.info("TASK {} {} step {} {} attempt {}/{}", ctx.task().id(), ctx.task().kind(), started.ordinal(),
        started.kind(), started.attempts(), started.maxAttempts());
    Live live = new Live(started);
    StepKind kind = StepKind.fromWire(started.kind()).orElseThrow();
    StepActions.Run run = new StepActions.Run(ctx, started, kind, started.timeoutMillis(),
        report -> progress(ctx, live, report));
    return withDeadline(run).transform(outcome -> live.writes.transform(w -> outcome.succeeded()
        ? succeeded(ctx, live, outcome.result())
        : failed(ctx, live, BmpException.of(outcome.cause()))));
  }

  private Future<JsonObject> withDeadline(StepActions.Run run) {
    Promise<JsonObject> outcome = Promise.promise();
    long timer = vertx.setTimer(run.timeoutMillis(), t -> {
      if (outcome.tryFail(timeoutOf(run))) {
        actions.abandon(run);
      }
    });
    Future<JsonObject> action;
    try {
      action = actions.run(run);
    } catch (RuntimeException e) {
      action = Future.failedFuture(e);
    }
    action.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        outcome.tryComplete(result.result());
      } else {
        outcome.tryFail(result.cause());
      }
    });
    return outcome.future();
  }

  private static BmpException timeoutOf(StepActions.Run run) {
    long seconds = Math.max(1, run.timeoutMillis() / 1000);
    return switch (run.kind().actor()) {
      case AGENT -> run.kind() == StepKind.AGENT_CHECKIN
          ? new BmpException(ErrorCode.AGENT_TIMEOUT, "the LiveOS agent did not check in within " + seconds + " s")
          : new BmpException(ErrorCode.AGENT_TIMEOUT, "the agent did not finish " + run.kind().command() + " within "
              + seconds + " s");
      case GUEST -> new BmpException(ErrorCode.BOOT_NOT_CONFIRMED, "boot not confirmed: the installed OS did not "
          + "check in within " + seconds + " s");
      default -> new BmpException(ErrorCode.TIMEOUT, run.kind().wire() + " did not finish within " + seconds + " s");
    };
  }

  private void progress(TaskContext ctx, Live live, Report report) {
    publish(ctx, live.step.withProgress(report.done(), report.total()));
    long now = System.currentTimeMillis();
    if (now - live.lastWrite < PROGRESS_WRITE_MILLIS && report.done() < report.total()) {
      return;
    }
    live.lastWrite = now;
    live.writes = live.writes.compose(v -> tasks.progress(live.step, report.done(), report.total()))
        .map(step -> {
          live.step = step;
          return (Void) null;
        })
        .recover(e -> Future.succeededFuture()); // a lost progress write costs a figure, not the step
  }

  /**
   * Records a step's success. When the step the chain would run next can start at once, its start
   * is written in the same transaction (one commit per step boundary instead of two); the chain
   * then runs it without reading the task again, as it would have run it from memory anyway.
   */
  private Future<Done> succeeded(TaskContext ctx, Live live, JsonObject result) {
    String encoded = result == null ? null : result.encode();
    Optional<TaskStep> next = startsAtOnce(ctx, live.step);
    Future<Done> written = next.isEmpty()
        ? tasks.finishStep(live.step, StepState.SUCCEEDED, null, null, encoded).map(step -> new Done(step, null))
        : tasks.finishAndStart(live.step, encoded, next.get(), Instant.now().plusMillis(next.get().timeoutMillis()))
            .map(handover -> new Done(handover.finished(), handover.started().orElse(null)));
    return written.recover(this::stopIfGone)
        .map(done -> {
          publish(ctx, done.step());
          LOG.info("TASK {} {} step {} {} succeeded", ctx.task().id(), ctx.task().kind(), done.step().ordinal(),
              done.step().kind());
          return done;
        });
  }

  /**
   * The step {@link #advance} would run after {@code step}, if it may start without a look at the
   * database first: a known kind, not failed, and not an agent step that would need {@link
   * #inLiveOs} to check the LiveOS session (unless {@code step} was itself an agent's, which
   * proves the session open). Empty otherwise: the chain then goes the long way.
   */
  private static Optional<TaskStep> startsAtOnce(TaskContext ctx, TaskStep step) {
    Optional<TaskStep> next = ctx.task().steps().stream().filter(s -> !s.id().equals(step.id()) && unfinished(s))
        .findFirst();
    if (next.isEmpty() || next.get().ordinal() < step.ordinal() || next.get().state() == StepState.FAILED) {
      return Optional.empty();
    }
    Optional<StepKind> kind = StepKind.fromWire(next.get().kind());
    boolean sessionOpen = StepKind.fromWire(step.kind()).map(k -> k.actor() == StepKind.Actor.AGENT).orElse(false);
    return kind.isEmpty() || (needsSession(kind) && !sessionOpen) ? Optional.empty() : next;
  }

  /** A step the chain still has to run (neither succeeded nor skipped). */
  private static boolean unfinished(TaskStep step) {
    return step.state() != StepState.SUCCEEDED && step.state() != StepState.SKIPPED;
  }

  /** An agent step other than the check-in: it runs in the LiveOS session its task's check-in opened. */
  private static boolean needsSession(Optional<StepKind> kind) {
    return kind.isPresent() && kind.get().actor() == StepKind.Actor.AGENT && kind.get() != StepKind.AGENT_CHECKIN;
  }

  private Future<Done> failed(TaskContext ctx, Live live, BmpException failure) {
    TaskStep step = live.step;
    if (failure.code() == ErrorCode.CANCELLED) {
      return cleanUp(ctx).compose(v -> Future.failedFuture(new Stop()));
    }
    LOG.warn("TASK {} {} step {} {} attempt {}/{} failed: {}", ctx.task().id(), ctx.task().kind(), step.ordinal(),
        step.kind(), step.attempts(), step.maxAttempts(), logged(failure));
    if (!FINAL.contains(failure.code()) && step.attempts() < step.maxAttempts()) {
      return tasks.attemptFailed(step, failure.code().name(), failure.getMessage())
          .recover(this::stopIfGone)
          .compose(waiting -> {
            publish(ctx, waiting);
            // A lost agent, or a LiveOS that never checked in, needs the network boot again, not just another wait.
            boolean bootAgain = failure.code() == ErrorCode.AGENT_LOST
                || step.kind().equals(StepKind.AGENT_CHECKIN.wire());
            Promise<Void> pause = Promise.promise();
            vertx.setTimer(Math.max(1, settings.backoffMillis(waiting.attempts() + 1)), t -> pause.complete());
            return (bootAgain ? bootAgain(ctx, step, failure) : Future.<Void>succeededFuture())
                .compose(v -> pause.future()).compose(v -> tasks.step(waiting.id()))
                .compose(current -> current.state() != StepState.PENDING ? Future.failedFuture(new Stop())
                    : bootAgain ? Future.failedFuture(new BootAgain()) : attempt(ctx, current));
          });
    }
    return tasks.finishStep(step, StepState.FAILED, failure.code().name(), failure.getMessage(), null)
        .recover(this::stopIfGone)
        .compose(failedStep -> {
          publish(ctx, failedStep);
          return finishFailed(ctx, failure);
        })
        .compose(v -> Future.failedFuture(new Stop()));
  }

  private Future<Void> finishSucceeded(TaskContext ctx) {
    return outcomes.succeeded(ctx)
        .compose(v -> tasks.get(ctx.task().id()))
        .compose(current -> tasks.finish(current, TaskState.SUCCEEDED, null, null))
        .recover(this::stopIfGone)
        .compose(task -> {
          publish(task);
          LOG.info("TASK {} {} succeeded (device {})", task.id(), task.kind(), task.deviceId());
          return outcomes.tell(ctx, task, true, null, null).compose(v -> cleanUp(ctx));
        });
  }

  private Future<Void> finishFailed(TaskContext ctx, BmpException failure) {
    return outcomes.failed(ctx, failure.code().name(), failure.getMessage())
        .compose(v -> tasks.get(ctx.task().id())) // the task's version moved with each step it started
        .compose(current -> tasks.finish(current, TaskState.FAILED, failure.code().name(), failure.getMessage()))
        .recover(this::stopIfGone)
        .compose(task -> {
          publish(task);
          LOG.warn("TASK {} {} failed (device {}): {}", task.id(), task.kind(), task.deviceId(), logged(failure));
          return outcomes.tell(ctx, task, false, failure.code().name(), failure.getMessage()).compose(v -> cleanUp(ctx));
        });
  }

  /**
   * The machine's LiveOS is gone (its agent fell silent) or never came (no check-in): its session
   * is void and its queued commands dropped, so a late report of it is refused and the next LiveOS
   * starts clean; the way into the LiveOS (dhcp.reserve up to agent.checkin) is made pending again
   * for the chain to run before {@code step} is tried again. Agent steps that succeeded stay done.
   */
  private Future<Void> bootAgain(TaskContext ctx, TaskStep step, BmpException why) {
    LOG.warn("TASK {} {}: booting the LiveOS of device {} again ({})", ctx.task().id(), ctx.task().kind(),
        ctx.deviceId(), why.code());
    Optional<TaskStep> entry = lastBefore(ctx, step, StepKind.DHCP_RESERVE);
    Optional<TaskStep> checkin = step.kind().equals(StepKind.AGENT_CHECKIN.wire()) ? Optional.empty()
        : lastBefore(ctx, step, StepKind.AGENT_CHECKIN);
    // The check-in step itself keeps its attempt count; so does the failed agent step.
    int end = checkin.map(c -> c.ordinal() + 1).orElse(step.ordinal());
    Future<Void> closed = Future.all(tokens.revoke(ctx.deviceId(), AgentTokenRepository.LIVEOS), agents.purge(ctx.deviceId()))
        .mapEmpty();
    return entry.isEmpty() ? closed : closed.compose(v -> tasks.rewind(ctx.task().id(), entry.get().ordinal(), end)).mapEmpty();
  }

  /** After a task ends: its LiveOS token and session are void, its queued commands gone, its image unpinned. */
  Future<Void> cleanUp(TaskContext ctx) {
    Future<Void> unpin = ctx.image() != null && ctx.image().url() != null && ctx.image().url().startsWith("store:")
        ? actions.unpin(ctx) : Future.succeededFuture();
    return Future.all(tokens.revoke(ctx.deviceId(), AgentTokenRepository.LIVEOS), agents.purge(ctx.deviceId()), unpin)
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** A write refused because the task changed under us: cancelled (stop quietly) or a real conflict. */
  private <T> Future<T> stopIfGone(Throwable failure) {
    if (failure instanceof BmpException bmp
        && (bmp.code() == ErrorCode.VERSION_CONFLICT || bmp.code() == ErrorCode.INVALID_STATE)) {
      return Future.failedFuture(new Stop());
    }
    return Future.failedFuture(failure);
  }

  private static TaskContext with(TaskContext ctx, Task task) {
    return new TaskContext(task, ctx.params(), ctx.device(), ctx.room(), ctx.instance(), ctx.image(), ctx.partitions(),
        ctx.sshKeys(), ctx.passwordHash(), ctx.raidLevels());
  }

  /**
   * A failure as the log shows it: an INTERNAL one with its cause, which the step's record keeps
   * out of the API ("database error") but the operator needs (a deadlock was found this way).
   */
  private static String logged(BmpException failure) {
    return failure.code() == ErrorCode.INTERNAL && failure.getCause() != null
        ? failure + " (cause: " + failure.getCause() + ")" : failure.toString();
  }

  private static ErrorCode code(String name) {
    try {
      return name == null ? ErrorCode.INTERNAL : ErrorCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorCode.INTERNAL;
    }
  }

  private void publish(TaskContext ctx, TaskStep step) {
    emit(new JsonObject().put("type", "step").put("taskId", step.taskId())
        .put("kind", ctx.task().kind()).put("deviceId", ctx.deviceId()).put("instanceId", ctx.task().instanceId())
        .put("ordinal", step.ordinal()).put("step", step.kind()).put("state", step.state().wire())
        .put("attempts", step.attempts()).put("done", step.progressDone()).put("total", step.progressTotal())
        .put("startedAt", step.startedAt() == null ? null : step.startedAt().toString())
        .put("finishedAt", step.finishedAt() == null ? null : step.finishedAt().toString())
        .put("errorCode", step.errorCode()).put("errorMessage", step.errorMessage()));
  }

  private void publish(Task task) {
    emit(new JsonObject().put("type", "task").put("taskId", task.id())
        .put("kind", task.kind()).put("deviceId", task.deviceId()).put("instanceId", task.instanceId())
        .put("state", task.state().wire()).put("errorCode", task.errorCode()).put("errorMessage", task.errorMessage()));
  }

  /** Also hands every event to {@code export} (the RabbitMQ topic exchange), once each. */
  void exportTo(Consumer<JsonObject> export) {
    this.export = export;
  }

  private void emit(JsonObject event) {
    vertx.eventBus().publish(ApiContract.EVENTS, event);
    export.accept(event);
  }
}
