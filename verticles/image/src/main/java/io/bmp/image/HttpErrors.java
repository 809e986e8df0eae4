package io.bmp.image;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The image server's error answers: the status of the code and {@code {"code", "message"}}, never a stack trace. */
final class HttpErrors {

  private HttpErrors() {}

  static void send(RoutingContext ctx, Throwable failure) {
    BmpException e = failure instanceof BmpException b ? b : new BmpException(ErrorCode.INTERNAL, "internal error");
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (e.code() == ErrorCode.COMPONENT_UNAVAILABLE) {
      ctx.response().putHeader("Retry-After", "5");
    }
    ctx.response().setStatusCode(e.code().httpStatus()).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", e.code().name()).put("message", e.getMessage()).encode());
  }
}
