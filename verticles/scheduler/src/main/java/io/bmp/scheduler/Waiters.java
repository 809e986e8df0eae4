package io.bmp.scheduler;

import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The steps that wait on the agents: a command's result (by command id), a LiveOS check-in (by
 * task) and a boot of the installed OS (by device). Only the scheduler's event loop touches this.
 * A report nobody waits for is answered {@code false}: stale (an earlier attempt's) or forged.
 * Each command also keeps when its agent was last heard of, so that one whose agent fell silent
 * (its machine hung, lost power or its network) fails long before the step's deadline.
 */
final class Waiters {

  private static final class Command {
    final String taskId;
    final String device;
    final Promise<JsonObject> result;
    final Consumer<Report> progress;
    long lastHeard;

    Command(String taskId, String device, Promise<JsonObject> result, Consumer<Report> progress, long now) {
      this.taskId = taskId;
      this.device = device;
      this.result = result;
      this.progress = progress;
      this.lastHeard = now;
    }
  }

  private record Wait(String taskId, Promise<Void> done) {}

  private final Map<String, Command> commands = new HashMap<>();
  private final Map<String, Wait> checkins = new HashMap<>();
  private final Map<String, Wait> guests = new HashMap<>();
  private final LongSupplier clock;

  Waiters() {
    this(System::currentTimeMillis);
  }

  Waiters(LongSupplier clock) {
    this.clock = clock;
  }

  Future<JsonObject> command(String commandId, String taskId, String device, Consumer<Report> progress) {
    Promise<JsonObject> result = Promise.promise();
    commands.put(commandId, new Command(taskId, device, result, progress, clock.getAsLong()));
    return result.future().onComplete(done -> commands.remove(commandId));
  }

  Future<Void> checkin(String taskId) {
    Promise<Void> done = Promise.promise();
    checkins.put(taskId, new Wait(taskId, done));
    return done.future().onComplete(r -> checkins.remove(taskId));
  }

  Future<Void> guest(String taskId, String device) {
    Promise<Void> done = Promise.promise();
    guests.put(device, new Wait(taskId, done));
    return done.future().onComplete(r -> guests.remove(device));
  }

  /** Gives up what a step waited for (its deadline passed): a late answer then counts as stale. */
  void forget(String key) {
    Command command = commands.remove(key);
    if (command != null) {
      command.result.tryFail(new BmpException(ErrorCode.TIMEOUT, "no longer waited for"));
    }
    Wait wait = checkins.remove(key);
    if (wait != null) {
      wait.done().tryFail(new BmpException(ErrorCode.TIMEOUT, "no longer waited for"));
    }
    wait = guests.remove(key);
    if (wait != null) {
      wait.done().tryFail(new BmpException(ErrorCode.TIMEOUT, "no longer waited for"));
    }
  }

  /** Whether the report answered a step that waits; false for a report nobody asked for. */
  boolean deliver(Report report) {
    switch (report.kind()) {
      case AgentContract.CHECKIN -> {
        Wait wait = report.taskId() == null ? null : checkins.get(report.taskId());
        return wait != null && wait.done().tryComplete();
      }
      case AgentContract.GUEST_CHECKIN -> {
        Wait wait = guests.get(report.device());
        return wait != null && wait.done().tryComplete();
      }
      case AgentContract.PROGRESS -> {
        Command command = mine(report);
        if (command == null) {
          return false;
        }
        command.lastHeard = clock.getAsLong();
        if (report.hasFigures()) {
          command.progress.accept(report); // a heartbeat only says the agent is alive
        }
        return true;
      }
      case AgentContract.RESULT -> {
        Command command = mine(report);
        if (command == null) {
          return false;
        }
        if (report.ok()) {
          command.result.tryComplete(report.data() == null ? new JsonObject() : report.data());
        } else {
          command.result.tryFail(agentFailure(report));
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Cancels everything a task waits for. */
  void cancel(String taskId) {
    BmpException cancelled = new BmpException(ErrorCode.CANCELLED, "task " + taskId + " was cancelled");
    Map.copyOf(commands).values().stream().filter(c -> c.taskId.equals(taskId)).forEach(c -> c.result.tryFail(cancelled));
    Map.copyOf(checkins).values().stream().filter(w -> w.taskId().equals(taskId)).forEach(w -> w.done().tryFail(cancelled));
    Map.copyOf(guests).values().stream().filter(w -> w.taskId().equals(taskId)).forEach(w -> w.done().tryFail(cancelled));
  }

  /**
   * Fails with {@code AGENT_LOST} every command whose agent was not heard of (no progress, no
   * heartbeat) for {@code silenceMillis} since it was sent: the number failed.
   */
  int failSilent(long silenceMillis) {
    long now = clock.getAsLong();
    List<Command> silent = new ArrayList<>();
    for (Command command : commands.values()) {
      if (now - command.lastHeard >= silenceMillis) {
        silent.add(command);
      }
    }
    for (Command command : silent) {
      command.result.tryFail(new BmpException(ErrorCode.AGENT_LOST, "the agent of device " + command.device
          + " fell silent: nothing heard from it for " + Math.max(1, Math.round(silenceMillis / 1000.0)) + " s"));
    }
    return silent.size();
  }

  private Command mine(Report report) {
    Command command = report.commandId() == null ? null : commands.get(report.commandId());
    return command != null && command.device.equals(report.device()) ? command : null;
  }

  private static BmpException agentFailure(Report report) {
    ErrorCode code;
    try {
      code = report.errorCode() == null ? ErrorCode.AGENT_FAILED : ErrorCode.valueOf(report.errorCode());
    } catch (IllegalArgumentException unknown) {
      code = ErrorCode.AGENT_FAILED;
    }
    return new BmpException(code, report.message() == null ? "the agent reported a failure" : report.message());
  }
}
