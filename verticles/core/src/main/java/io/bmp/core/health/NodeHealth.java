package io.bmp.core.health;

import io.bmp.core.bus.Bus;
import io.bmp.core.bus.BusService;
import io.bmp.core.bus.Endpoint;
import io.bmp.core.contract.HealthContract;
import io.bmp.core.contract.NodeInfo;
import io.bmp.core.contract.NodeReport;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The health of one node (one Vert.x instance): one check per verticle it runs, plus its database
 * and cache. It answers for the node on {@link HealthContract#nodeAddress} and announces the node
 * in a cluster-wide directory (entries expire unless refreshed), so that {@code /health} on any
 * node can list every node of the cluster and what each one says of itself.
 */
public final class NodeHealth {

  /** How often a node refreshes its directory entry, and how long the entry outlives a silent node. */
  static final long ANNOUNCE_EVERY_MILLIS = 3_000;
  static final long ENTRY_TTL_MILLIS = 10_000;
  static final long CHECK_TIMEOUT_MILLIS = 3_000;

  private static final Map<Vertx, NodeHealth> NODES = Collections.synchronizedMap(new WeakHashMap<>());

  private final Vertx vertx;
  private final HealthChecks checks;
  private final Map<String, Integer> registrations = new HashMap<>();
  private volatile NodeInfo info;
  private MessageConsumer<Object> consumer;
  private long announceTimer = -1;

  private NodeHealth(Vertx vertx, NodeInfo info) {
    this.vertx = vertx;
    this.info = info;
    this.checks = HealthChecks.create(vertx);
  }

  /** The node health of this Vert.x; one that was never started answers for itself only. */
  public static NodeHealth of(Vertx vertx) {
    return NODES.computeIfAbsent(vertx, v -> new NodeHealth(v,
        new NodeInfo(UUID.randomUUID().toString(), "local", null, List.of())));
  }

  /** Starts answering for the node on the bus and announcing it in the cluster directory. */
  public static Future<NodeHealth> start(Vertx vertx, NodeInfo info) {
    NodeHealth health = of(vertx);
    health.info = info;
    return BusService.serve(vertx, HealthContract.nodeAddress(info.id()),
            Map.of(HealthContract.NODE_REPORT, message -> health.report()))
        .onSuccess(c -> health.consumer = c)
        .compose(c -> health.announce())
        .onSuccess(v -> health.announceTimer = vertx.setPeriodic(ANNOUNCE_EVERY_MILLIS, id -> health.announce()))
        .map(health);
  }

  public NodeInfo info() {
    return info;
  }

  /**
   * Adds a named check. Several verticle instances of one component register the same name; the
   * check stays until the last of them unregisters.
   */
  public synchronized void register(String name, Supplier<Future<JsonObject>> check) {
    if (registrations.merge(name, 1, Integer::sum) == 1) {
      checks.register(name, CHECK_TIMEOUT_MILLIS, (Promise<Status> promise) -> check.get().onComplete(
          details -> promise.complete(Status.OK(details)),
          failure -> promise.complete(Status.KO(new JsonObject().put("error", failure.getMessage())))));
    }
  }

  public synchronized void unregister(String name) {
    Integer left = registrations.computeIfPresent(name, (k, n) -> n == 1 ? null : n - 1);
    if (left == null) {
      checks.unregister(name);
    }
  }

  /** What this node says of itself. */
  public Future<NodeReport> report() {
    return checks.checkStatus().map(result -> {
      JsonArray list = new JsonArray();
      List<CheckResult> children = result.getChecks() == null ? List.of() : result.getChecks();
      for (CheckResult check : children) {
        list.add(new JsonObject()
            .put("id", check.getId())
            .put("status", CheckResult.isUp(check) ? "UP" : "DOWN")
            .put("data", check.getData() == null ? new JsonObject() : check.getData()));
      }
      boolean up = children.stream().allMatch(CheckResult::isUp);
      return new NodeReport(info, up, list);
    });
  }

  /**
   * What every node of the cluster says of itself, this one first. A node that is in the
   * directory but does not answer is reported down with the reason.
   */
  public Future<List<NodeReport>> clusterReport() {
    return directory().compose(AsyncMap::entries).compose(entries -> {
      List<Future<NodeReport>> reports = new ArrayList<>();
      reports.add(report());
      entries.forEach((id, json) -> {
        if (!id.equals(info.id())) {
          NodeInfo other = NodeInfo.fromJson(json);
          Endpoint endpoint = new Endpoint(HealthContract.nodeAddress(id), "node " + other.name(),
              ErrorCode.ROOM_UNAVAILABLE, CHECK_TIMEOUT_MILLIS);
          reports.add(Bus.request(vertx, endpoint, HealthContract.NODE_REPORT, null, NodeReport.class)
              .recover(failure -> Future.succeededFuture(new NodeReport(other, false, new JsonArray().add(
                  new JsonObject().put("id", "node").put("status", "DOWN")
                      .put("data", new JsonObject().put("error", BmpException.of(failure).getMessage())))))));
        }
      });
      return Future.join(reports).map(all -> reports.stream().map(Future::result).toList());
    });
  }

  private Future<AsyncMap<String, JsonObject>> directory() {
    return vertx.sharedData().getAsyncMap(HealthContract.NODE_DIRECTORY);
  }

  private Future<Void> announce() {
    return directory().compose(map -> map.put(info.id(), info.toJson(), ENTRY_TTL_MILLIS));
  }

  /** Leaves the directory and stops answering; called before the node leaves the cluster. */
  public Future<Void> stop() {
    if (announceTimer >= 0) {
      vertx.cancelTimer(announceTimer);
    }
    NODES.remove(vertx);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered
        .compose(v -> directory())
        .compose(map -> map.remove(info.id()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
