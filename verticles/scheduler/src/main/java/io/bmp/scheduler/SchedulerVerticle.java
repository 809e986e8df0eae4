package io.bmp.scheduler;

import io.bmp.core.agent.AgentChannel;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.SchedulerContract;
import io.bmp.core.domain.AuditEntry;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.repo.BmcWatchRepository;
import io.bmp.core.repo.TaskRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler component: the persisted, resumable task/step machine of every install, power and
 * inventory flow. It takes tasks the api recorded (announced on {@link SchedulerContract#TASK_SUBMITTED},
 * and found in the database on start and every {@code sweepMillis}), runs their steps against the
 * room components and the agents, and takes the agents' reports from the agent channel.
 */
public final class SchedulerVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private TaskRunner runner;
  private Waiters waiters;
  private AuditLogRepository audit;
  private TaskRepository tasks;
  private ContextLoader loader;
  private long sweepTimer = -1;
  private long silenceTimer = -1;
  private EventExport events;
  private BmcWatch bmcWatch;

  public SchedulerVerticle() {
    super(Component.SCHEDULER);
  }

  @Override
  protected Future<Void> startComponent() {
    SchedulerSettings settings = SchedulerSettings.fromJson(config());
    Database database = resources().database("scheduler");
    AgentChannel agents = resources().agents("scheduler");
    tasks = new TaskRepository(database);
    AgentTokenRepository tokens = new AgentTokenRepository(database);
    audit = new AuditLogRepository(database);
    waiters = new Waiters();
    loader = new ContextLoader(vertx, database, resources().secrets("scheduler"));
    StepActions actions = new StepActions(vertx, settings, tokens, tasks, agents, waiters);
    runner = new TaskRunner(vertx, settings, tasks, tokens, loader, actions, new Outcomes(database), agents);
    agents.onReports(this::onReport);
    vertx.eventBus().<JsonObject>consumer(SchedulerContract.TASK_SUBMITTED, m -> runner.submit(m.body().getString("taskId")));
    vertx.eventBus().<JsonObject>consumer(SchedulerContract.TASK_CANCELLED, m -> cancelled(m.body().getString("taskId")));
    sweepTimer = vertx.setPeriodic(settings.sweepMillis(), t -> runner.resumeAll());
    // A quarter of the limit: a silent agent is found at most 1.25 limits after its last report.
    silenceTimer = vertx.setPeriodic(Math.max(100, settings.agentSilenceMillis() / 4),
        t -> waiters.failSilent(settings.agentSilenceMillis()));
    if (settings.watchSyncMillis() > 0) {
      bmcWatch = new BmcWatch(vertx, new BmcWatchRepository(database), settings.watchSyncMillis());
      bmcWatch.start();
    }
    return EventExport.start(vertx, config().getJsonObject("events")).onSuccess(e -> {
          events = e;
          if (e != null) {
            runner.exportTo(e::publish);
          }
        })
        .compose(v -> runner.resumeAll()).onSuccess(n -> {
      if (n > 0) {
        LOG.info("SCHEDULER resumed {} unfinished task(s)", n);
      }
    }).mapEmpty();
  }

  @Override
  protected Future<Void> stopComponent() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(silenceTimer);
    Future<Void> watchStopped = bmcWatch == null ? Future.succeededFuture() : bmcWatch.stop();
    return watchStopped.compose(v -> events == null ? Future.succeededFuture() : events.stop());
  }

  @Override
  protected Future<JsonObject> health() {
    return super.health().map(details -> details.put("runningTasks", runner.running()));
  }

  private void cancelled(String taskId) {
    waiters.cancel(taskId);
    tasks.get(taskId).compose(loader::load).compose(runner::cleanUp)
        .onFailure(e -> LOG.warn("TASK {} cancelled; clean-up incomplete: {}", taskId, e.toString()));
  }

  /**
   * A report from an agent. One that answers no waiting step (an earlier attempt's late result, a
   * replay, or a report about a command of another device) is refused and audited; it is still
   * acknowledged, since delivering it again would not make it right.
   */
  private Future<Void> onReport(Report report) {
    if (report.device() == null || report.kind() == null) {
      return Future.failedFuture(new IllegalArgumentException("a report needs a device and a kind"));
    }
    if (waiters.deliver(report) || report.kind().equals(AgentContract.CHECKIN)
        || report.kind().equals(AgentContract.GUEST_CHECKIN)) {
      return Future.succeededFuture(); // a check-in is on record in the database even if no step waits yet
    }
    if (!report.kind().equals(AgentContract.RESULT)) {
      return Future.succeededFuture(); // progress that arrives after its command's result: nothing to record
    }
    LOG.warn("AGENT-REPORT-REFUSED device {} {} command {}: no step waits for it", report.device(), report.kind(),
        report.commandId());
    return audit.append(new AuditEntry(Ids.next("aud"), Instant.now(), null, "agent:" + report.device(),
        "agentReport", "device", report.device(), null, "refused", "STALE_REPORT",
        report.kind() + " for command " + report.commandId() + " that no step waits for", null, null));
  }
}
