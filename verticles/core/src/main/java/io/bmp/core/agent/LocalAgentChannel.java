package io.bmp.core.agent;

import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The all-in-one agent channel: queues in this process, shared by the api's gateway and the
 * scheduler (different event loops, hence the lock). Nothing here survives a crash, and nothing
 * needs to: after a restart the scheduler re-issues every step that was under way.
 */
public final class LocalAgentChannel implements AgentChannel {

  private final Vertx vertx;
  private final Object lock = new Object();
  private final Map<String, Deque<Command>> queues = new HashMap<>();
  private final Map<String, Deque<Waiter>> waiters = new HashMap<>();
  private Function<Report, Future<Void>> handler;
  private Context handlerContext;

  private record Waiter(Context context, Promise<Delivery> promise) {}

  public LocalAgentChannel(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> send(Command command) {
    offer(command, false);
    return Future.succeededFuture();
  }

  /** Hands the command to an agent waiting for its device, else queues it (at the head when it comes back). */
  private void offer(Command command, boolean returned) {
    Waiter waiter;
    synchronized (lock) {
      waiter = poll(waiters, command.device());
      if (waiter == null) {
        Deque<Command> queue = queues.computeIfAbsent(command.device(), d -> new ArrayDeque<>());
        if (returned) {
          queue.addFirst(command);
        } else {
          queue.addLast(command);
        }
      }
    }
    if (waiter != null) {
      hand(waiter, command);
    }
  }

  @Override
  public Future<Delivery> next(String device, long waitMillis) {
    Context context = vertx.getOrCreateContext();
    Waiter waiter = new Waiter(context, Promise.promise());
    synchronized (lock) {
      Command queued = poll(queues, device);
      if (queued != null) {
        return Future.succeededFuture(delivery(queued));
      }
      waiters.computeIfAbsent(device, d -> new ArrayDeque<>()).addLast(waiter);
    }
    long timer = vertx.setTimer(Math.max(1, waitMillis), t -> {
      boolean mine;
      synchronized (lock) {
        Deque<Waiter> queue = waiters.get(device);
        mine = queue != null && queue.remove(waiter);
        if (queue != null && queue.isEmpty()) {
          waiters.remove(device);
        }
      }
      if (mine) {
        waiter.promise().tryComplete(null);
      }
    });
    return waiter.promise().future().onComplete(done -> vertx.cancelTimer(timer));
  }

  @Override
  public Future<Void> report(Report report) {
    Function<Report, Future<Void>> target;
    Context context;
    synchronized (lock) {
      target = handler;
      context = handlerContext;
    }
    if (target == null) {
      return Future.failedFuture(new IllegalStateException("no scheduler takes agent reports on this node"));
    }
    Promise<Void> handled = Promise.promise();
    // Acknowledged once the scheduler has recorded it; a poison report is dropped here (there is nowhere to set it aside).
    context.runOnContext(v -> target.apply(report).onComplete(r -> handled.tryComplete()));
    return handled.future();
  }

  @Override
  public void onReports(Function<Report, Future<Void>> handler) {
    synchronized (lock) {
      this.handler = handler;
      this.handlerContext = vertx.getOrCreateContext();
    }
  }

  @Override
  public Future<Void> purge(String device) {
    synchronized (lock) {
      queues.remove(device);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private void hand(Waiter waiter, Command command) {
    waiter.context().runOnContext(v -> {
      if (!waiter.promise().tryComplete(delivery(command))) {
        offer(command, true); // the waiter gave up meanwhile: keep it for the next one
      }
    });
  }

  private Delivery delivery(Command command) {
    return Delivery.of(command, () -> { }, () -> offer(command, true)); // taken is taken: nothing to acknowledge in process
  }

  private static <T> T poll(Map<String, Deque<T>> map, String device) {
    Deque<T> queue = map.get(device);
    if (queue == null) {
      return null;
    }
    T head = queue.pollFirst();
    if (queue.isEmpty()) {
      map.remove(device);
    }
    return head;
  }
}
