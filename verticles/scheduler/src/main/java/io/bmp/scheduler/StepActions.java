package io.bmp.scheduler;

import io.bmp.core.agent.AgentChannel;
import io.bmp.core.bus.Bus;
import io.bmp.core.bus.Endpoint;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.contract.DhcpContract;
import io.bmp.core.contract.DhcpContract.BootSpec;
import io.bmp.core.contract.DhcpContract.Release;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.contract.DhcpContract.ReservationState;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.BmcQuery;
import io.bmp.core.contract.DriverContract.BootCommand;
import io.bmp.core.contract.DriverContract.BootState;
import io.bmp.core.contract.DriverContract.CheckResult;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.contract.ImageContract;
import io.bmp.core.contract.ImageContract.Pin;
import io.bmp.core.contract.ImageContract.PinState;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.repo.TaskRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What each step kind does. Room steps are requests to {@code bmp.<component>.<room>} that return
 * once the room acknowledged the resulting state; agent steps send a command and wait for its
 * result; the check-in steps wait for the machine to call back. Every action may run again (a
 * retry, or a resume after a crash) and leaves the same state when it does.
 */
final class StepActions {

  /** A step being run: its context, the step as recorded, how long it may take, where progress goes. */
  record Run(TaskContext ctx, TaskStep step, StepKind kind, long timeoutMillis, Consumer<Report> progress) {}

  private final Vertx vertx;
  private final SchedulerSettings settings;
  private final AgentTokenRepository tokens;
  private final TaskRepository tasks;
  private final AgentChannel agents;
  private final Waiters waiters;

  StepActions(Vertx vertx, SchedulerSettings settings, AgentTokenRepository tokens, TaskRepository tasks,
      AgentChannel agents, Waiters waiters) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = tokens;
    this.tasks = tasks;
    this.agents = agents;
    this.waiters = waiters;
  }

  Future<JsonObject> run(Run run) {
    TaskContext ctx = run.ctx();
    return switch (run.kind()) {
      case IMAGE_PIN -> pin(run);
      case DHCP_RESERVE -> reserve(run);
      case DHCP_RELEASE -> Bus.request(vertx, room(DhcpContract.endpoint(ctx.roomId()), run), DhcpContract.RELEASE,
              new Release(ctx.bootNic().mac()), ReservationState.class)
          .map(state -> new JsonObject().put("mac", state.mac()).put("reserved", state.active()));
      case DRIVER_CHECK -> check(run);
      case BOOT_PXE -> boot(run, "pxe");
      case BOOT_DISK -> boot(run, "disk");
      case POWER_CYCLE -> power(run, "cycle");
      case POWER_ON -> power(run, "on");
      case POWER_OFF -> power(run, "off");
      case AGENT_CHECKIN -> agentCheckin(run);
      case GUEST_CHECKIN -> guestCheckin(run);
      default -> command(run);
    };
  }

  /** Gives up waiting for what the step waited on (its deadline passed). */
  void abandon(Run run) {
    switch (run.kind().actor()) {
      case AGENT -> waiters.forget(run.kind() == StepKind.AGENT_CHECKIN ? run.ctx().task().id()
          : Command.id(run.step().id(), run.step().attempts()));
      case GUEST -> waiters.forget(run.ctx().deviceId());
      default -> { }
    }
  }

  private Endpoint room(Endpoint endpoint, Run run) {
    return endpoint.withTimeout(run.timeoutMillis());
  }

  private Future<JsonObject> pin(Run run) {
    String path = storePath(run.ctx());
    return Bus.request(vertx, room(ImageContract.endpoint(run.ctx().roomId()), run), ImageContract.PIN,
            new Pin(path, run.ctx().task().id()), PinState.class)
        .compose(state -> !state.present() ? Future.failedFuture(new BmpException(ErrorCode.NOT_FOUND,
                "image " + run.ctx().image().name() + " (" + path + ") is not in room " + run.ctx().roomId()))
            : run.ctx().image().sha256() != null && state.sha256() != null
                && !state.sha256().equalsIgnoreCase(run.ctx().image().sha256())
                ? Future.failedFuture(new BmpException(ErrorCode.CHECKSUM_MISMATCH, "image " + run.ctx().image().name()
                    + ": the room holds a file whose SHA-256 is " + state.sha256() + ", not " + run.ctx().image().sha256()))
                : Future.succeededFuture(new JsonObject().put("path", path).put("bytes", state.bytes())));
  }

  /** Unpins the task's image in its room; best effort (a pin left behind only delays eviction). */
  Future<Void> unpin(TaskContext ctx) {
    return Bus.request(vertx, ImageContract.endpoint(ctx.roomId()), ImageContract.UNPIN,
        new Pin(storePath(ctx), ctx.task().id()), PinState.class).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private static String storePath(TaskContext ctx) {
    return ctx.image().url().substring("store:".length()).replaceAll("^/+", "");
  }

  /** A fresh one-time token for this boot, and the reservation that carries it to the node's boot config. */
  private Future<JsonObject> reserve(Run run) {
    TaskContext ctx = run.ctx();
    String address = ctx.device().mgmtIpv4();
    if (address == null) {
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.noAddress",
          "device " + ctx.deviceId() + " has no management IPv4 address to reserve", ctx.deviceId()));
    }
    String mac = ctx.bootNic().mac();
    SchedulerSettings.Boot boot = settings.boot(ctx.roomId());
    return agents.purge(ctx.deviceId())
        .compose(v -> tokens.issue(AgentTokenRepository.LIVEOS, ctx.deviceId(), ctx.task().id(), ctx.task().instanceId(),
            settings.liveosTokenTtl()))
        .compose(token -> Bus.request(vertx, room(DhcpContract.endpoint(ctx.roomId()), run), DhcpContract.RESERVE,
            new Reservation(mac, address, ctx.hostname(), new BootSpec(boot.url(boot.kernel()), boot.url(boot.initrd()),
                boot.kernelArgs(), boot.agentEndpoint(), token)), ReservationState.class))
        .map(state -> new JsonObject().put("mac", state.mac()).put("address", address).put("reserved", state.active()));
  }

  private Future<JsonObject> check(Run run) {
    return Bus.request(vertx, room(DriverContract.endpoint(run.ctx().roomId()), run), DriverContract.CHECK,
            new BmcQuery(run.ctx().bmc(), 0), CheckResult.class)
        .compose(result -> {
          if (!result.reachable()) {
            return Future.failedFuture(new BmpException(ErrorCode.BMC_UNREACHABLE, "the BMC does not answer"));
          }
          if (!result.authenticated()) {
            return Future.failedFuture(new BmpException(ErrorCode.BMC_AUTH_FAILED, "the BMC refused the account"));
          }
          if (!result.administrator()) {
            return Future.failedFuture(new BmpException(ErrorCode.BMC_PRIVILEGE,
                "the BMC account has " + result.privilege() + " privilege, not Administrator"));
          }
          return Future.succeededFuture(result.toJson());
        });
  }

  private Future<JsonObject> boot(Run run, String target) {
    boolean uefi = "uefi".equals(run.ctx().bootMode());
    return Bus.request(vertx, room(DriverContract.endpoint(run.ctx().roomId()), run), DriverContract.BOOT_DEVICE,
            new BootCommand(run.ctx().bmc(), target, false, uefi), BootState.class)
        .map(BootState::toJson);
  }

  private Future<JsonObject> power(Run run, String action) {
    return Bus.request(vertx, room(DriverContract.endpoint(run.ctx().roomId()), run), DriverContract.POWER,
            new PowerCommand(run.ctx().bmc(), action), PowerState.class)
        .map(PowerState::toJson);
  }

  /** Waits for the LiveOS agent booted for this task; a check-in recorded before the wait began counts. */
  private Future<JsonObject> agentCheckin(Run run) {
    String taskId = run.ctx().task().id();
    Future<Void> called = waiters.checkin(taskId);
    return tokens.checkedIn(taskId)
        .compose(already -> already ? Future.succeededFuture() : called)
        .onComplete(r -> waiters.forget(taskId))
        .map(v -> new JsonObject().put("checkedIn", true));
  }

  /**
   * Waits for the installed OS to call back after the boot this task caused: a check-in counts
   * from the start of the task's last power step (the machine may be up before that step returns).
   */
  private Future<JsonObject> guestCheckin(Run run) {
    TaskContext ctx = run.ctx();
    if (ctx.instance() == null) {
      return Future.failedFuture(new BmpException(ErrorCode.INVALID_STATE, "no instance to confirm the boot of"));
    }
    Future<Void> called = waiters.guest(ctx.task().id(), ctx.deviceId());
    return tasks.get(ctx.task().id()).compose(task -> {
      Instant since = task.steps().stream()
          .filter(s -> s.ordinal() < run.step().ordinal() && s.kind().startsWith("driver.power-") && s.startedAt() != null)
          .map(TaskStep::startedAt).reduce((a, b) -> b).orElse(run.step().startedAt());
      return tokens.guestCheckedInSince(ctx.deviceId(), ctx.instance().id(), since);
    })
        .compose(already -> already ? Future.succeededFuture() : called)
        .onComplete(r -> waiters.forget(ctx.deviceId()))
        .map(v -> new JsonObject().put("bootConfirmed", true));
  }

  private Future<JsonObject> command(Run run) {
    TaskContext ctx = run.ctx();
    Future<JsonObject> params = run.kind() == StepKind.AGENT_CLOUD_INIT ? cloudInit(ctx) : Future.succeededFuture(params(run));
    return params.compose(p -> {
      Command command = new Command(Command.id(run.step().id(), run.step().attempts()), ctx.deviceId(),
          run.kind().command(), p);
      Future<JsonObject> result = waiters.command(command.id(), ctx.task().id(), ctx.deviceId(), run.progress());
      return agents.send(command).compose(v -> result);
    });
  }

  private JsonObject params(Run run) {
    TaskContext ctx = run.ctx();
    return switch (run.kind()) {
      case AGENT_CLEAN -> new JsonObject().put("clearRaid", ctx.params().getBoolean("clearRaid", true));
      case AGENT_RAID -> new JsonObject().put("level", ctx.systemRaid()).put("dataLevel", ctx.dataRaid())
          .put("keepData", ctx.keepData()).mergeIn(ctx.volumeDisks());
      case AGENT_PARTITION -> new JsonObject().put("bootMode", ctx.bootMode()).put("keepData", ctx.keepData())
          .put("partitions", ctx.partitionsJson()).mergeIn(ctx.volumeDisks());
      case AGENT_FORMAT -> new JsonObject().put("partitions", ctx.partitionsJson());
      case AGENT_WRITE_IMAGE -> new JsonObject().put("imageId", ctx.image().id()).put("name", ctx.image().name())
          .put("url", imageUrl(ctx)).put("format", ctx.image().format()).put("sha256", ctx.image().sha256())
          .put("bytes", ctx.image().sizeBytes()).put("bootMode", ctx.bootMode());
      case AGENT_PASSWORD -> new JsonObject().put("user", "root").put("hash", ctx.passwordHash());
      default -> new JsonObject();
    };
  }

  /** Where the agent fetches the image: the room's image server for stored images, else the registered URL. */
  private String imageUrl(TaskContext ctx) {
    String url = ctx.image().url();
    return url.startsWith("store:") ? settings.boot(ctx.roomId()).url(storePath(ctx)) : url;
  }

  /** The NoCloud seed: identity, network, SSH keys, and the guest token the installed OS confirms its boots with. */
  private Future<JsonObject> cloudInit(TaskContext ctx) {
    return tokens.issue(AgentTokenRepository.GUEST, ctx.deviceId(), ctx.task().id(), ctx.instance().id(),
            Duration.ofDays(3650))
        .map(token -> new JsonObject()
            .put("instanceId", ctx.instance().id()).put("hostname", ctx.hostname())
            .put("sshKeys", new JsonArray(ctx.sshKeys()))
            .put("userData", ctx.instance().userData())
            .put("network", new JsonObject().put("mac", ctx.bootNic().mac()).put("address", ctx.device().mgmtIpv4())
                .put("mask", ctx.device().mgmtMask()).put("gateway", ctx.device().mgmtGateway()))
            .put("guest", new JsonObject().put("endpoint", settings.boot(ctx.roomId()).agentEndpoint()).put("token", token)));
  }
}
