package io.bmp.core.node;

import io.bmp.core.bus.BusService;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.ComponentHealth;
import io.bmp.core.contract.HealthContract;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.health.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * What every component verticle does the same way: read its room and node name from its config,
 * serve its contract's address (the {@link HealthContract#HEALTH} action included), and report
 * into the node's health. A subclass adds its own start-up, actions and health details.
 *
 * <p>{@code start()} completes only when the address is registered (cluster-wide on a clustered
 * node), so a node announces itself only once it really serves.
 */
public abstract class ComponentVerticle extends VerticleBase {

  private final Component component;
  private String room;
  private String nodeName;
  private MessageConsumer<Object> consumer;

  protected ComponentVerticle(Component component) {
    this.component = component;
  }

  @Override
  public final Future<?> start() {
    // Only room components belong to a room; central ones ignore the node's room.
    room = component.scope() == Component.Scope.ROOM ? config().getString("room") : null;
    nodeName = config().getString("node", "local");
    if (component.scope() == Component.Scope.ROOM && (room == null || room.isBlank())) {
      return Future.failedFuture(new BmpException(ErrorCode.CONFIG_INVALID,
          component.id() + " is a room component and needs a room (--room or node.room)"));
    }
    return startComponent()
        .compose(v -> {
          Map<String, BusService.Action> actions = new HashMap<>(actions());
          actions.put(HealthContract.HEALTH, message -> componentHealth());
          return BusService.serve(vertx, component.address(room), actions);
        })
        .onSuccess(c -> {
          consumer = c;
          NodeHealth.of(vertx).register(component.id(), this::health);
          serving();
        });
  }

  @Override
  public final Future<?> stop() {
    NodeHealth.of(vertx).unregister(component.id());
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> stopComponent());
  }

  /** Opens what the component needs (servers, clients); the verticle fails to deploy if this fails. */
  protected Future<Void> startComponent() {
    return Future.succeededFuture();
  }

  protected Future<Void> stopComponent() {
    return Future.succeededFuture();
  }

  /** Called once the component's address is registered: the moment to tell others it can be asked. */
  protected void serving() {
  }

  /** The component's own actions beyond health, by action name. */
  protected Map<String, BusService.Action> actions() {
    return Map.of();
  }

  /**
   * Facts for the health report; a failed future reports the component down with its message.
   * The default says only which room it serves.
   */
  protected Future<JsonObject> health() {
    JsonObject details = new JsonObject();
    if (room != null) {
      details.put("room", room);
    }
    return Future.succeededFuture(details);
  }

  private Future<ComponentHealth> componentHealth() {
    return health()
        .map(details -> new ComponentHealth(component.id(), room, nodeName, true, details))
        .recover(failure -> Future.succeededFuture(new ComponentHealth(component.id(), room, nodeName, false,
            new JsonObject().put("error", failure.getMessage()))));
  }

  protected Component component() {
    return component;
  }

  /** The room this verticle serves, or null for a central component. */
  protected String room() {
    return room;
  }

  protected String nodeName() {
    return nodeName;
  }

  protected NodeResources resources() {
    return NodeResources.of(vertx);
  }
}
