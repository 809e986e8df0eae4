package io.bmp.scheduler;

import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The steps that wait on the agents: a command's result (by command id), a LiveOS check-in (by
 * task) and a boot of the installed OS (by device). Only the scheduler's event loop touches this.
 * A report nobody waits for is answered {@code false}: stale (an earlier attempt's) or forged.
 */
final class Waiters {

  private record Command(String taskId, String device, Promise<JsonObject> result, Consumer<Report> progress) {}

  private record Wait(String taskId, Promise<Void> done) {}

  private final Map<String, Command> commands = new HashMap<>();
  private final Map<String, Wait> checkins = new HashMap<>();
  private final Map<String, Wait> guests = new HashMap<>();

  Future<JsonObject> command(String commandId, String taskId, String device, Consumer<Report> progress) {
    Promise<JsonObject> result = Promise.promise();
    commands.put(commandId, new Command(taskId, device, result, progress));
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
      command.result().tryFail(new BmpException(ErrorCode.TIMEOUT, "no longer waited for"));
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
        if (command != null) {
          command.progress().accept(report);
        }
        return command != null;
      }
      case AgentContract.RESULT -> {
        Command command = mine(report);
        if (command == null) {
          return false;
        }
        if (report.ok()) {
          command.result().tryComplete(report.data() == null ? new JsonObject() : report.data());
        } else {
          command.result().tryFail(agentFailure(report));
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
    Map.copyOf(commands).values().stream().filter(c -> c.taskId().equals(taskId)).forEach(c -> c.result().tryFail(cancelled));
    Map.copyOf(checkins).values().stream().filter(w -> w.taskId().equals(taskId)).forEach(w -> w.done().tryFail(cancelled));
    Map.copyOf(guests).values().stream().filter(w -> w.taskId().equals(taskId)).forEach(w -> w.done().tryFail(cancelled));
  }

  private Command mine(Report report) {
    Command command = report.commandId() == null ? null : commands.get(report.commandId());
    return command != null && command.device().equals(report.device()) ? command : null;
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
