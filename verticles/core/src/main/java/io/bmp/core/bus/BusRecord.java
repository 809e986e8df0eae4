package io.bmp.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A request or reply carried on the event bus. JSON is the wire form, so a central node and a room
 * node on different releases still understand each other's messages during a rolling upgrade.
 */
public interface BusRecord {
  JsonObject toJson();
}
