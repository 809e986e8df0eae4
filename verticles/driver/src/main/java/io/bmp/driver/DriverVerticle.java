package io.bmp.driver;

import io.bmp.core.bus.BusService;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcEvent;
import io.bmp.core.contract.DriverContract.BmcQuery;
import io.bmp.core.contract.DriverContract.BootCommand;
import io.bmp.core.contract.DriverContract.BootState;
import io.bmp.core.contract.DriverContract.CheckResult;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.contract.DriverContract.SelEntries;
import io.bmp.core.contract.DriverContract.SensorReadings;
import io.bmp.core.contract.DriverContract.WatchList;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.core.node.Meters;
import io.bmp.driver.fake.FakeBinding;
import io.bmp.driver.ipmi.IpmiBinding;
import io.bmp.driver.ipmi.IpmiConnection;
import io.bmp.driver.ipmi.IpmiTransport;
import io.bmp.driver.redfish.RedfishBinding;
import io.bmp.driver.redfish.RedfishClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver component: BMC access of one room over IPMI 2.0 and Redfish, served on
 * {@code bmp.driver.<room>}.
 *
 * <p>Each BMC gets a binding (by its type) and a serial queue; every call also takes a slot of the
 * room's {@link Budget}. Power changes are confirmed by reading the state back until it is the one
 * asked for, never by sleeping. Passwords arrive sealed and are opened only when a session is
 * opened; they never reach a log, an event or an error message (errors name the BMC by address).
 */
public final class DriverVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(DriverVerticle.class);

  private DriverSettings settings;
  private MeterRegistry meters;
  private Budget budget;
  private IpmiTransport transport;
  private WebClient redfishWeb;
  private final Map<String, Entry> bmcs = new HashMap<>();
  private long sweeper = -1;
  private Watcher watcher;

  /** One BMC as the driver holds it: who it is (to notice changed credentials), its binding and queue. */
  private record Entry(Bmc bmc, BmcBinding binding, SerialQueue queue) {
  }

  public DriverVerticle() {
    super(Component.DRIVER);
  }

  @Override
  protected Future<Void> startComponent() {
    settings = DriverSettings.from(config());
    meters = Meters.registry(config());
    budget = new Budget(settings.budget());
    transport = new IpmiTransport(vertx);
    // A couple of connections per BMC at most: Redfish services fall over under bursts.
    redfishWeb = WebClient.create(vertx, new WebClientOptions().setTrustAll(!settings.redfish().verifyTls())
        .setVerifyHost(settings.redfish().verifyTls()).setKeepAlive(true)
        .setConnectTimeout((int) Math.min(settings.redfish().timeoutMillis(), 10_000)).setUserAgent("bmp-driver"),
        new PoolOptions().setHttp1MaxSize(2));
    // Background reads may use half the budget; the other half stays free for commands.
    watcher = new Watcher(vertx, room(), settings.powerSyncMillis(), settings.selPollMillis(),
        () -> Math.max(1, settings.budget() / 2) - budget.inFlight(),
        bmc -> call(bmc, "sync-power", BmcBinding::powerOn), (bmc, after) -> call(bmc, "sync-sel", b -> b.sel(after)),
        event -> {
          LOG.info("DRIVER-EVENT room={} device={} kind={} detail=\"{}\"", room(), event.device(), event.kind(), event.detail());
          vertx.eventBus().publish(DriverContract.EVENTS, event);
        });
    return transport.open(settings.bindHost()).onSuccess(v -> {
      sweeper = vertx.setPeriodic(Math.max(1000, settings.idleCloseMillis() / 3), id -> closeIdleSessions());
      watcher.start();
      LOG.info("DRIVER-LISTENING room={} budget={} cipherSuite={} privilege={}", room(), settings.budget(),
          settings.ipmi().cipherSuite(), PrivilegeLevel.name(settings.ipmi().privilege()));
    });
  }

  /** Tells central that this room's driver watches nothing yet, so that it sends the room's list now. */
  @Override
  protected void serving() {
    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(room(), null, DriverContract.DRIVER_STARTED, "",
        System.currentTimeMillis()));
  }

  @Override
  protected Future<Void> stopComponent() {
    vertx.cancelTimer(sweeper);
    if (watcher != null) {
      watcher.stop();
    }
    return Future.join(bmcs.values().stream().map(e -> e.binding().close()).toList()).otherwiseEmpty()
        .compose(v -> {
          if (redfishWeb != null) {
            redfishWeb.close();
          }
          return transport == null ? Future.succeededFuture() : transport.close();
        });
  }

  @Override
  protected Map<String, BusService.Action> actions() {
    return Map.of(
        DriverContract.POWER, m -> power(m.body() instanceof PowerCommand c ? c : PowerCommand.fromJson(json(m.body()))),
        DriverContract.BOOT_DEVICE, m -> boot(m.body() instanceof BootCommand c ? c : BootCommand.fromJson(json(m.body()))),
        DriverContract.SENSORS, m -> sensors(query(m.body())),
        DriverContract.SEL, m -> sel(query(m.body())),
        DriverContract.SEL_CLEAR, m -> clearSel(query(m.body())),
        DriverContract.CHECK, m -> check(query(m.body())),
        DriverContract.WATCH, m -> watch(m.body() instanceof WatchList w ? w : WatchList.fromJson(json(m.body()))));
  }

  private static JsonObject json(Object body) {
    return body instanceof JsonObject json ? json : new JsonObject();
  }

  private static BmcQuery query(Object body) {
    return body instanceof BmcQuery q ? q : BmcQuery.fromJson(json(body));
  }

  private Future<PowerState> power(PowerCommand command) {
    PowerAction action = PowerAction.of(command.action());
    long started = System.nanoTime();
    return call(command.bmc(), "power-" + action.wire, binding -> binding.power(action)
        .compose(v -> action.endsOn == null ? binding.powerOn()
            : confirm(binding, action.endsOn, System.nanoTime() + settings.confirmMillis() * 1_000_000)))
        .map(on -> {
          long millis = (System.nanoTime() - started) / 1_000_000;
          if (action.endsOn != null) {
            LOG.info("DRIVER-POWER room={} bmc={} action={} power={} ms={}", room(), command.bmc(), action.wire,
                on ? "on" : "off", millis);
            vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(room(), command.bmc().device(), "power-changed",
                on ? "on" : "off", System.currentTimeMillis()));
            watcher.observed(command.bmc().device(), on); // already told: the background sync must not tell again
          }
          return new PowerState(command.bmc().device(), action.wire, on ? "on" : "off", millis);
        });
  }

  /** Reads the power state until it is {@code on} (the BMC switches in its own time), or gives up at the deadline. */
  private Future<Boolean> confirm(BmcBinding binding, boolean on, long deadlineNanos) {
    return binding.powerOn().compose(state -> {
      if (state == on) {
        return Future.succeededFuture(state);
      }
      if (System.nanoTime() > deadlineNanos) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_TIMEOUT, "the BMC accepted the power change but the "
            + "machine is still " + (state ? "on" : "off") + " after " + settings.confirmMillis() / 1000 + " s"));
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(settings.confirmPollMillis(), id -> pause.complete());
      return pause.future().compose(v -> confirm(binding, on, deadlineNanos));
    });
  }

  private Future<BootState> boot(BootCommand command) {
    BootTarget target = BootTarget.of(command.target());
    return call(command.bmc(), "boot-device", binding -> binding.setBoot(target, command.persistent(), command.uefi())
        .compose(v -> binding.boot())
        .compose(read -> {
          if (read.target() != target && read.named() != target) {
            return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the BMC did not keep boot device "
                + target.wire + " (reads back " + read.target().wire + ")"));
          }
          if (read.target() != target) {
            LOG.info("DRIVER-BOOT device={} kept {} without marking it valid (read back as named, not in force)",
                command.bmc().device(), target.wire);
          }
          return Future.succeededFuture(new BootState(command.bmc().device(), target.wire, read.persistent(),
              read.uefi()));
        }));
  }

  private Future<SensorReadings> sensors(BmcQuery query) {
    return call(query.bmc(), "sensors", BmcBinding::sensors).map(r -> new SensorReadings(query.bmc().device(), r));
  }

  private Future<SelEntries> sel(BmcQuery query) {
    return call(query.bmc(), "sel", b -> b.sel(query.after())).map(e -> new SelEntries(query.bmc().device(), e));
  }

  private Future<SelEntries> clearSel(BmcQuery query) {
    return call(query.bmc(), "sel-clear", BmcBinding::clearSel).map(v -> new SelEntries(query.bmc().device(), List.of()));
  }

  /** Replaces the watched BMCs; each is checked first, so a bad list changes nothing. */
  private Future<WatchList> watch(WatchList list) {
    try {
      for (Bmc bmc : list.bmcs()) {
        checkAddress(bmc);
        if (bmc.device() == null) {
          throw new BmpException(ErrorCode.INVALID_ARGUMENT, "every watched BMC needs a device (" + bmc + ")");
        }
      }
    } catch (BmpException e) {
      return Future.failedFuture(e);
    }
    watcher.watch(list.bmcs());
    LOG.info("DRIVER-WATCH room={} bmcs={}", room(), list.bmcs().size());
    return Future.succeededFuture(new WatchList(watcher.watched()));
  }

  /** The enrolment check answers with what passed; only a bad request fails. */
  private Future<CheckResult> check(BmcQuery query) {
    String device = query.bmc().device();
    return call(query.bmc(), "check", BmcBinding::highestPrivilege)
        .map(level -> new CheckResult(device, true, true, PrivilegeLevel.name(level), level >= PrivilegeLevel.ADMINISTRATOR))
        .recover(failure -> {
          ErrorCode code = failure instanceof BmpException e ? e.code() : ErrorCode.INTERNAL;
          return switch (code) {
            case BMC_UNREACHABLE, BMC_TIMEOUT -> Future.succeededFuture(new CheckResult(device, false, false, null, false));
            case BMC_AUTH_FAILED -> Future.succeededFuture(new CheckResult(device, true, false, null, false));
            case BMC_PRIVILEGE -> Future.succeededFuture(new CheckResult(device, true, true, null, false));
            default -> Future.failedFuture(failure);
          };
        });
  }

  /** Runs {@code work} on the BMC's queue inside a budget slot, and counts the outcome. */
  private <T> Future<T> call(Bmc bmc, String action, Function<BmcBinding, Future<T>> work) {
    Entry entry;
    try {
      entry = entry(bmc);
    } catch (BmpException e) {
      return Future.failedFuture(e);
    }
    return entry.queue().submit(() -> budget.run(() -> work.apply(entry.binding())))
        .onComplete(done -> meters.counter("bmp_driver_calls_total", "action", action, "outcome",
            done.succeeded() ? "ok" : done.cause() instanceof BmpException e ? e.code().name().toLowerCase() : "internal")
            .increment())
        .onFailure(failure -> LOG.info("DRIVER-FAILED room={} bmc={} action={} reason=\"{}\"", room(), bmc, action,
            failure.getMessage()));
  }

  /** A BMC a call can be made to: an address and a port in range (INVALID_ARGUMENT otherwise). */
  private static void checkAddress(Bmc bmc) {
    if (bmc == null || bmc.address() == null || bmc.address().isBlank()) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "the request names no BMC address");
    }
    if (bmc.port() < 1 || bmc.port() > 65535) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "BMC port " + bmc.port() + " is out of range");
    }
  }

  private Entry entry(Bmc bmc) {
    checkAddress(bmc);
    String key = bmc.address() + ":" + bmc.port();
    Entry known = bmcs.get(key);
    if (known != null && sameAccount(known.bmc(), bmc)) {
      return known;
    }
    String user = bmc.user() == null ? "" : bmc.user();
    BmcBinding binding = switch (bmc.type() == null ? "ipmi" : bmc.type()) {
      case "ipmi" -> new IpmiBinding(new IpmiConnection(vertx, transport, bmc.address(), bmc.port(), user,
          () -> password(bmc), settings.ipmi()));
      case "fake" -> new FakeBinding(password(bmc));
      case "redfish", "redfish-http" -> new RedfishBinding(new RedfishClient(vertx, redfishWeb, bmc.type().equals("redfish"),
          bmc.address(), bmc.port(), user, () -> password(bmc), settings.redfish()), user);
      default -> throw new BmpException(ErrorCode.INVALID_ARGUMENT, "unknown BMC type '" + bmc.type()
          + "' (ipmi, redfish, redfish-http, fake)");
    };
    Entry entry = new Entry(bmc, binding, known == null ? new SerialQueue() : known.queue());
    if (known != null) {
      known.binding().close(); // new credentials or type: the old session goes
    }
    bmcs.put(key, entry);
    return entry;
  }

  // Sealing uses a fresh IV each time, so the same password may arrive as different ciphertexts.
  private boolean sameAccount(Bmc a, Bmc b) {
    return Objects.equals(a.type(), b.type()) && Objects.equals(a.user(), b.user())
        && (Objects.equals(a.sealedPassword(), b.sealedPassword()) || Objects.equals(password(a), password(b)));
  }

  private String password(Bmc bmc) {
    return bmc.sealedPassword() == null ? "" : resources().secrets("driver").decrypt(bmc.sealedPassword());
  }

  private void closeIdleSessions() {
    for (Entry entry : bmcs.values()) {
      if (entry.binding() instanceof IpmiBinding ipmi && ipmi.connection().hasSession()
          && ipmi.connection().idleMillis() > settings.idleCloseMillis() && entry.queue().queued() == 0) {
        ipmi.connection().closeSession();
      }
    }
  }

  @Override
  protected Future<JsonObject> health() {
    return super.health().map(details -> details.put("bmcs", bmcs.size()).put("inFlight", budget.inFlight())
        .put("waiting", budget.waiting()).put("budget", settings.budget()));
  }
}
