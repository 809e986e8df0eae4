package io.bmp.api;

import io.bmp.core.contract.NodeReport;
import io.bmp.core.health.NodeHealth;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /health}: what this node and every other node of the cluster say of themselves.
 *
 * <p>{@code status} is UP when every node is up, DEGRADED when this node is up but another one is
 * not (a room that is down does not make central unhealthy), DOWN when this node itself is not
 * (its database or one of its verticles is down). Only DOWN answers 503, so a load balancer takes
 * out exactly the nodes that cannot serve.
 */
final class HealthHandler implements Handler<RoutingContext> {

  private final Vertx vertx;

  HealthHandler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void handle(RoutingContext ctx) {
    NodeHealth.of(vertx).clusterReport().onComplete(reports -> respond(ctx, reports), ctx::fail);
  }

  private static void respond(RoutingContext ctx, List<NodeReport> reports) {
    NodeReport self = reports.get(0);
    boolean allUp = reports.stream().allMatch(NodeReport::up);
    String status = !self.up() ? "DOWN" : allUp ? "UP" : "DEGRADED";
    JsonArray nodes = new JsonArray();
    for (NodeReport report : reports) {
      nodes.add(report.node().toJson()
          .put("status", report.up() ? "UP" : "DOWN")
          .put("checks", report.checks()));
    }
    JsonObject body = new JsonObject()
        .put("status", status)
        .put("node", self.node().name())
        .put("nodes", nodes);
    ctx.response()
        .setStatusCode(self.up() ? 200 : 503)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
