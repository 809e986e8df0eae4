package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.vertx.core.json.JsonObject;

/**
 * Reply to the {@link HealthContract#HEALTH} action that every component serves.
 *
 * @param component the component id ("driver")
 * @param room the room it serves, or null for a central component
 * @param node the name of the node it runs on
 * @param up whether it considers itself able to serve
 * @param details component-specific facts (never secrets)
 */
public record ComponentHealth(String component, String room, String node, boolean up, JsonObject details)
    implements BusRecord {

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("component", component)
        .put("room", room)
        .put("node", node)
        .put("up", up)
        .put("details", details == null ? new JsonObject() : details);
  }

  public static ComponentHealth fromJson(JsonObject json) {
    return new ComponentHealth(
        json.getString("component"),
        json.getString("room"),
        json.getString("node"),
        json.getBoolean("up", false),
        json.getJsonObject("details", new JsonObject()));
  }
}
