package io.bmp.agent;

import io.bmp.agent.host.Host;
import io.bmp.agent.host.ImageException;
import io.bmp.agent.host.ImageSource;
import io.bmp.agent.host.Volumes;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LiveOS agent: checks in with its one-time boot token, then takes its device's commands one
 * at a time (long-polling the gateway), runs each on the {@link Host} off the event loop, reports
 * progress (or, without figures, a heartbeat) at least every {@code progressMillis} while a command
 * runs, and reports each result until the gateway has taken it.
 */
public final class Agent {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final long POLL_WAIT_MILLIS = 20_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String endpoint;
  private final Host host;
  private final WorkerExecutor worker;
  private final long progressMillis;
  private volatile String session;
  private volatile String device;
  private volatile boolean stopped;
  private CommandJournal journal = CommandJournal.NONE;

  /** The gateway refused the boot token for good (spent, expired, forged): trying again cannot help. */
  public static final class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }

  public Agent(Vertx vertx, WebClient client, String endpoint, Host host, WorkerExecutor worker, long progressMillis) {
    this.vertx = vertx;
    this.client = client;
    this.endpoint = endpoint.replaceAll("/+$", "");
    this.host = host;
    this.worker = worker;
    this.progressMillis = progressMillis;
  }

  /** Checks in with the boot token and starts taking commands; fails if the gateway refuses the token. */
  public Future<Void> start(String bootToken) {
    return vertx.<JsonObject>executeBlocking(host::inventory, false)
        // A machine whose inventory cannot be read still checks in: the collect step reports the failure.
        .recover(e -> Future.succeededFuture(new JsonObject().put("error", String.valueOf(e.getMessage()))))
        .compose(inventory -> client.postAbs(endpoint + AgentContract.PATH_CHECKIN).bearerTokenAuthentication(bootToken)
            .sendJsonObject(new JsonObject().put("inventory", inventory)))
        .compose(response -> {
          if (response.statusCode() / 100 == 4) {
            return Future.failedFuture(new Refused("check-in refused: HTTP " + response.statusCode() + " "
                + response.bodyAsString()));
          }
          if (response.statusCode() != 200) {
            return Future.failedFuture(new IOException("check-in not taken: HTTP " + response.statusCode()));
          }
          JsonObject body = response.bodyAsJsonObject();
          return resume(body.getString("device"), body.getString("session"));
        });
  }

  /** Keeps the running command in {@code journal}, so that a restarted process reports it lost. */
  public Agent journal(CommandJournal journal) {
    this.journal = journal;
    return this;
  }

  /**
   * Goes on with a session it already has (the LiveOS's agent process restarted in the same boot, a
   * lab node restored after its manager restarted). A command an earlier process was running is
   * reported failed with {@code AGENT_RESTARTED} first: the scheduler then tries it again at once
   * instead of waiting for its deadline.
   */
  public Future<Void> resume(String device, String session) {
    this.device = device;
    this.session = session;
    LOG.info("AGENT device {} checked in; taking commands", device);
    vertx.<Optional<CommandJournal.Entry>>executeBlocking(journal::interrupted, false)
        .compose(lost -> lost.isEmpty() ? Future.succeededFuture() : reportLost(lost.get()))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("AGENT device {}: the command journal could not be read: {}", device, done.cause().toString());
          }
          poll();
        });
    return Future.succeededFuture();
  }

  private Future<Void> reportLost(CommandJournal.Entry lost) {
    LOG.warn("AGENT device {}: an earlier agent process ended while it ran {} ({}); reporting it lost", device,
        lost.kind(), lost.id());
    return deliver(Report.failed(device, lost.id(), ErrorCode.AGENT_RESTARTED.name(), lost.kind()
        + ": the agent process ended while it ran this command and was restarted"))
        .compose(v -> vertx.executeBlocking(() -> {
          journal.end();
          return null;
        }, false));
  }

  public String session() {
    return session;
  }

  public String device() {
    return device;
  }

  /** Stops the agent as a power-off or reboot does: nothing more is sent, not even a running command's result. */
  public void stop() {
    stopped = true;
  }

  /** Whether the agent stopped taking commands (its session ended, or it was stopped). */
  public boolean stopped() {
    return stopped;
  }

  private void poll() {
    if (stopped) {
      return;
    }
    client.getAbs(endpoint + AgentContract.PATH_COMMANDS).addQueryParam("waitMillis", String.valueOf(POLL_WAIT_MILLIS))
        .bearerTokenAuthentication(session).timeout(POLL_WAIT_MILLIS + 10_000).send()
        .onSuccess(response -> {
          if (stopped) {
            return; // the machine rebooted while this poll waited: what the poll brought is not this agent's
          }
          if (response.statusCode() == 200) {
            Command command = Command.fromJson(response.bodyAsJsonObject());
            run(command).onComplete(done -> poll());
          } else if (response.statusCode() == 401) {
            LOG.info("AGENT device {}: session ended; stopping", device);
            stopped = true;
          } else {
            later(this::poll);
          }
        })
        .onFailure(e -> later(this::poll));
  }

  private Future<Void> run(Command command) {
    LOG.info("AGENT device {} runs {} ({})", device, command.kind(), command.id());
    AtomicLong lastSent = new AtomicLong(); // the first figure goes at once
    AtomicReference<Future<?>> sent = new AtomicReference<>(Future.succeededFuture());
    Host.Progress progress = (done, total) -> {
      long now = System.currentTimeMillis();
      // At least every progressMillis, and always the last figure (so the record ends at done = total).
      if (now - lastSent.get() >= progressMillis || (total > 0 && done >= total)) {
        lastSent.set(now);
        sent.set(send(Report.progress(device, command.id(), done, total, null)));
      }
    };
    // A step without figures (partitioning, RAID, GRUB…) still says every progressMillis that the agent
    // is alive: the scheduler counts an agent silent for long as lost and boots its machine again.
    long heartbeat = vertx.setPeriodic(progressMillis, t -> {
      long now = System.currentTimeMillis();
      if (now - lastSent.get() >= progressMillis) {
        lastSent.set(now);
        sent.set(send(Report.alive(device, command.id())));
      }
    });
    return worker.<JsonObject>executeBlocking(() -> {
      journal.begin(command);
      return execute(command, progress);
    }, false)
        .onComplete(done -> vertx.cancelTimer(heartbeat))
        // The result goes after the last progress report, so the scheduler never sees progress for a finished step.
        .transform(result -> sent.get().transform(p -> Future.succeededFuture(result)))
        .compose(result -> deliver(result.succeeded() ? Report.succeeded(device, command.id(), result.result())
            : failure(command, result.cause())))
        // No worker hop without a journal: the lab's agents share their worker with every machine's disk writes.
        .compose(delivered -> journal == CommandJournal.NONE ? Future.<Void>succeededFuture()
            : worker.<Void>executeBlocking(() -> {
              journal.end();
              return null;
            }, false))
        .recover(e -> {
          LOG.warn("AGENT device {}: the command journal could not be cleared: {}", device, e.toString());
          return Future.succeededFuture();
        });
  }

  private JsonObject execute(Command command, Host.Progress progress) throws IOException {
    JsonObject p = command.params();
    switch (command.kind()) {
      case AgentContract.INVENTORY:
        return host.inventory();
      case AgentContract.CLEAN:
        host.clean(p.getBoolean("clearRaid", false));
        return new JsonObject();
      case AgentContract.RAID:
        return host.raid(p.getString("level"), p.getString("dataLevel"), Volumes.of(p), p.getBoolean("keepData", false));
      case AgentContract.PARTITION:
        return host.partition(p.getString("bootMode"), p.getBoolean("keepData", false), p.getJsonArray("partitions"),
            Volumes.of(p));
      case AgentContract.FORMAT:
        return host.format(p.getJsonArray("partitions"));
      case AgentContract.WRITE_IMAGE:
        return host.writeImage(new ImageSource(p.getString("name"), p.getString("url"), p.getString("format"),
            p.getString("sha256"), p.getLong("bytes")), progress);
      case AgentContract.PASSWORD:
        host.setPassword(p.getString("user", "root"), p.getString("hash"));
        return new JsonObject();
      case AgentContract.CLOUD_INIT:
        host.cloudInit(p);
        return new JsonObject();
      case AgentContract.WIPE:
        return host.wipe(progress);
      default:
        throw new ImageException("UNSUPPORTED_ACTION", "this agent does not know the command " + command.kind());
    }
  }

  private Report failure(Command command, Throwable cause) {
    String code = cause instanceof ImageException image ? image.code() : "AGENT_FAILED";
    LOG.warn("AGENT device {} {} failed: {}", device, command.kind(), cause.toString());
    return Report.failed(device, command.id(), code, command.kind() + ": " + cause.getMessage());
  }

  /** Sends a result until the gateway takes it (the scheduler waits for it), or the session ends. */
  private Future<Void> deliver(Report report) {
    Promise<Void> delivered = Promise.promise();
    attempt(report, delivered, 0);
    return delivered.future();
  }

  private void attempt(Report report, Promise<Void> delivered, int tries) {
    if (stopped) {
      delivered.complete(); // the machine is off or rebooted: nothing of this process reaches the gateway
      return;
    }
    send(report).onComplete(sent -> {
      if (sent.succeeded() && (sent.result().statusCode() / 100 == 2 || sent.result().statusCode() / 100 == 4)) {
        delivered.complete(); // taken, or refused for good (a stale command): either way not worth sending again
      } else if (stopped || tries > 100) {
        delivered.complete();
      } else {
        later(() -> attempt(report, delivered, tries + 1));
      }
    });
  }

  private Future<HttpResponse<Buffer>> send(Report report) {
    if (stopped) {
      return Future.failedFuture("the agent was stopped");
    }
    return client.postAbs(endpoint + AgentContract.PATH_REPORTS).bearerTokenAuthentication(session)
        .timeout(15_000).sendJsonObject(report.toJson());
  }

  private void later(Runnable action) {
    vertx.setTimer(1000, t -> action.run());
  }
}
