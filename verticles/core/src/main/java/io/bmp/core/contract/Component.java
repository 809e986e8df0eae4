package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.error.ErrorCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * The eight components, each one verticle. A room component serves one computer room, and its
 * event-bus address carries the room ({@code bmp.driver.r1}); a central component has one address.
 */
public enum Component {
  API("api", Scope.CENTRAL),
  SCHEDULER("scheduler", Scope.CENTRAL),
  DRIVER("driver", Scope.ROOM),
  DHCP("dhcp", Scope.ROOM),
  TFTP("tftp", Scope.ROOM),
  IMAGE("image", Scope.ROOM),
  PRONOEA("pronoea", Scope.CENTRAL),
  MONITOR_PROXY("monitor-proxy", Scope.CENTRAL);

  /** Where a component runs. */
  public enum Scope { CENTRAL, ROOM }

  private final String id;
  private final Scope scope;

  Component(String id, Scope scope) {
    this.id = id;
    this.scope = scope;
  }

  /** The name used in deployment descriptors, logs and health reports. */
  public String id() {
    return id;
  }

  public Scope scope() {
    return scope;
  }

  /** The component's event-bus address; {@code room} is ignored for central components. */
  public String address(String room) {
    if (scope == Scope.CENTRAL) {
      return "bmp." + id;
    }
    if (room == null || room.isBlank()) {
      throw new IllegalArgumentException(id + " is a room component: it needs a room");
    }
    return "bmp." + id + "." + room;
  }

  /** The endpoint for requests to this component (in {@code room} for room components). */
  public Endpoint endpoint(String room) {
    return scope == Scope.ROOM
        ? new Endpoint(address(room), id + " of room " + room, ErrorCode.ROOM_UNAVAILABLE, Endpoint.DEFAULT_TIMEOUT_MILLIS)
        : new Endpoint(address(room), id, ErrorCode.COMPONENT_UNAVAILABLE, Endpoint.DEFAULT_TIMEOUT_MILLIS);
  }

  public static Optional<Component> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
