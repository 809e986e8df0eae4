package io.bmp.api;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error body of the HTTP API: {@code {"error": {"code", "message"}, "requestId"}} with the
 * status from {@link ErrorCode#httpStatus()}. Internal failures are logged here with the request
 * id and answered without their details; no stack trace ever reaches a client.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    BmpException error;
    if (failure != null) {
      error = BmpException.of(failure);
    } else {
      error = fromStatus(ctx.statusCode());
    }
    if (error.code() == ErrorCode.INTERNAL) {
      LOG.error("REQUEST-FAILED id={} {} {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(),
          error.getCause() != null ? error.getCause() : failure);
    }
    send(ctx, error);
  }

  static void notFound(RoutingContext ctx) {
    send(ctx, new BmpException(ErrorCode.NOT_FOUND, "no such resource: " + ctx.request().path()));
  }

  static void send(RoutingContext ctx, BmpException error) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    JsonObject body = new JsonObject()
        .put("error", new JsonObject().put("code", error.code().name()).put("message", error.getMessage()))
        .put("requestId", RequestIds.of(ctx));
    ctx.response()
        .setStatusCode(error.code().httpStatus())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  private static BmpException fromStatus(int status) {
    return switch (status) {
      case 400 -> new BmpException(ErrorCode.MALFORMED_REQUEST, "malformed request");
      case 401 -> new BmpException(ErrorCode.UNAUTHENTICATED, "authentication required");
      case 403 -> new BmpException(ErrorCode.PERMISSION_DENIED, "permission denied");
      case 404 -> new BmpException(ErrorCode.NOT_FOUND, "not found");
      case 405 -> new BmpException(ErrorCode.UNSUPPORTED_ACTION, "method not allowed");
      case 413 -> new BmpException(ErrorCode.PAYLOAD_TOO_LARGE, "request body too large");
      default -> new BmpException(ErrorCode.INTERNAL, "internal error");
    };
  }
}
