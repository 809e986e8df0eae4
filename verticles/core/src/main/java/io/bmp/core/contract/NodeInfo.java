package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Who a node is: what {@code /health} lists for each node of the cluster.
 *
 * @param id unique per process run
 * @param name the descriptor's name ("all-in-one", "central", "room-r1")
 * @param room the room the node serves, or null for a central node
 * @param verticles the components it runs
 */
public record NodeInfo(String id, String name, String room, List<String> verticles) implements BusRecord {

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("room", room)
        .put("verticles", new JsonArray(List.copyOf(verticles)));
  }

  public static NodeInfo fromJson(JsonObject json) {
    return new NodeInfo(json.getString("id"), json.getString("name"), json.getString("room"),
        json.getJsonArray("verticles", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
