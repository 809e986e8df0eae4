package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One node's health: the node, whether all of its checks pass, and each check (one per verticle,
 * plus the database and cache where the node has them) in the health-check library's JSON form.
 */
public record NodeReport(NodeInfo node, boolean up, JsonArray checks) implements BusRecord {

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("node", node.toJson()).put("up", up).put("checks", checks);
  }

  public static NodeReport fromJson(JsonObject json) {
    return new NodeReport(NodeInfo.fromJson(json.getJsonObject("node")), json.getBoolean("up", false),
        json.getJsonArray("checks", new JsonArray()));
  }
}
