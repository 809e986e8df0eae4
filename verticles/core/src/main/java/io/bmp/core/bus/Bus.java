package io.bmp.core.bus;

import io.bmp.core.error.BmpException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Request/reply between components. Every request names an action (a header, so one address
 * serves a component's whole contract), always has a timeout, and fails only with a {@link
 * BmpException}: a room that is not up is {@code ROOM_UNAVAILABLE} at once, not a hang.
 */
public final class Bus {

  /** The header that names the action a request asks for. */
  public static final String ACTION = "action";

  private Bus() {}

  public static <R> Future<R> request(
      Vertx vertx, Endpoint endpoint, String action, Object body, Class<R> replyType) {
    DeliveryOptions options =
        new DeliveryOptions().setSendTimeout(endpoint.timeoutMillis()).addHeader(ACTION, action);
    Object payload = body == null ? new JsonObject() : body;
    return vertx.eventBus()
        .request(endpoint.address(), payload, options)
        .recover(failure -> Future.failedFuture(BmpException.of(failure, endpoint.unavailable(), endpoint.target())))
        .map(reply -> replyType.cast(reply.body()));
  }
}
