package io.bmp.api.http;

import io.bmp.api.auth.Caller;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.PageRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * One API call as a handler sees it: the caller, the validated parameters and body, the
 * caller's language. The raw {@link RoutingContext} stays reachable for the few handlers that set
 * cookies or stream.
 */
public final class Call {

  private final RoutingContext ctx;
  private final Caller caller;
  private final String language;
  /** A batch's refusals as the audit log keeps them: untranslated, by instance id. */
  private final Map<String, String> refusals = new HashMap<>();

  Call(RoutingContext ctx, Caller caller, String language) {
    this.ctx = ctx;
    this.caller = caller;
    this.language = language;
  }

  /** The caller; never null for operations that are not public. */
  public Caller caller() {
    return caller;
  }

  public String language() {
    return language;
  }

  public RoutingContext context() {
    return ctx;
  }

  /**
   * Notes why a batch refused one instance, in the words the audit log keeps (the untranslated
   * message, as for a single call); the answer carries it in the caller's language.
   */
  public void noteRefusal(String instanceId, String message) {
    refusals.put(instanceId, message);
  }

  String refusal(String instanceId) {
    return refusals.get(instanceId);
  }

  public String requestId() {
    return RequestIds.of(ctx);
  }

  public String remoteAddress() {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  public String path(String name) {
    ValidatedRequest request = validated();
    RequestParameter p = request == null ? null : request.getPathParameters().get(name);
    return p == null || p.isNull() ? ctx.pathParam(name) : p.getString();
  }

  /** A query parameter: the validated value, or the raw one for operations that are not validated. */
  public String query(String name) {
    ValidatedRequest request = validated();
    if (request == null) {
      return ctx.queryParams().get(name);
    }
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isEmpty() ? null : String.valueOf(p.get());
  }

  public Integer queryInt(String name) {
    RequestParameter p = validated().getQuery().get(name);
    return p == null || p.isEmpty() ? null : ((Number) p.get()).intValue();
  }

  public Boolean queryBool(String name) {
    RequestParameter p = validated().getQuery().get(name);
    return p == null || p.isEmpty() ? null : (Boolean) p.get();
  }

  /** The JSON body (an empty object when the operation has none). */
  public JsonObject body() {
    RequestParameter p = validated().getBody();
    if (p == null || p.isEmpty()) {
      return new JsonObject();
    }
    Object value = p.get();
    if (value instanceof JsonObject json) {
      return json;
    }
    throw new BmpException(ErrorCode.MALFORMED_REQUEST, "the request body must be a JSON object");
  }

  /** pageNumber and pageSize from the query, with the documented defaults. */
  public PageRequest page() {
    Integer number = queryInt("pageNumber");
    Integer size = queryInt("pageSize");
    return new PageRequest(number == null ? 1 : number, size == null ? 20 : size);
  }

  public String sort() {
    return query("sort");
  }

  private ValidatedRequest validated() {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
