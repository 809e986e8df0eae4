package io.bmp.api.http;

import io.bmp.api.auth.Authenticator;
import io.bmp.api.auth.Caller;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.AuditLogRepository;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Binds every operation of the OpenAPI document to its handler, and wraps each handler in what
 * all operations share: who may call it ({@code x-bmp-access}), read-only keys, the CSRF check of
 * session callers, the audit entry of mutating calls ({@code x-bmp-audit}), the JSON response and
 * the error body. The document and the handlers must match exactly: an operation without a
 * handler, or a handler without an operation, stops the api from starting.
 */
public final class OperationTable {

  /** An operation's handler. */
  @FunctionalInterface
  public interface Handler extends Function<Call, Future<Reply>> {}

  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** Handlers of operations without a caller (login) put the user name tried here for the audit log. */
  public static final String ATTEMPTED_USERNAME = Auditor.ATTEMPTED_USERNAME;

  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private final Map<String, Handler> streaming = new LinkedHashMap<>();
  private final Set<String> unvalidated = new HashSet<>();
  private final Auditor auditor;

  public OperationTable(AuditLogRepository auditLog) {
    this.auditor = new Auditor(auditLog);
  }

  /**
   * An operation whose body the OpenAPI validator cannot check (files: CSV, xlsx): the handler
   * checks its parameters and body itself.
   */
  public OperationTable onUnvalidated(String operationId, Handler handler) {
    unvalidated.add(operationId);
    return on(operationId, handler);
  }

  public OperationTable on(String operationId, Handler handler) {
    if (handlers.put(operationId, handler) != null) {
      throw new IllegalStateException("two handlers for operation " + operationId);
    }
    return this;
  }

  /**
   * An operation whose request body is streamed ({@code x-bmp-streaming}: uploads). It is not in
   * the router's copy of the document (whose body handler would buffer it) and is served by
   * {@link #bindStreaming} instead, with the same access checks, audit and error handling.
   */
  public OperationTable onStreaming(String operationId, Handler handler) {
    if (streaming.put(operationId, handler) != null) {
      throw new IllegalStateException("two handlers for operation " + operationId);
    }
    return this;
  }

  /**
   * Serves the streaming operations of the document on {@code router}, ahead of everything else:
   * the request is paused until the handler reads it, then {@code authenticate} runs, then the
   * operation. Fails when the document and the streaming handlers differ.
   */
  public void bindStreaming(Router router, JsonObject document,
      io.vertx.core.Handler<RoutingContext> authenticate) {
    TreeSet<String> unhandled = new TreeSet<>();
    TreeSet<String> seen = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.getBoolean("x-bmp-streaming", false)) {
          continue;
        }
        String id = op.getString("operationId");
        seen.add(id);
        Handler handler = streaming.get(id);
        if (handler == null) {
          unhandled.add(id);
          continue;
        }
        HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        Access access = Access.parse(op.getString("x-bmp-access"));
        String audit = op.getString("x-bmp-audit");
        router.route(httpMethod, path.replaceAll("\\{([^}]+)}", ":$1")).order(-1)
            .handler(ctx -> {
              ctx.request().pause();
              // Refused before its body was read: tell the client not to reuse the connection,
              // which discardUnread may have to close.
              ctx.addHeadersEndHandler(v -> {
                if (!ctx.request().isEnded()) {
                  ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                }
              });
              ctx.addEndHandler(done -> discardUnread(ctx.request()));
              ctx.next();
            })
            .handler(authenticate)
            .handler(ctx -> run(ctx, httpMethod, access, audit, handler))
            .failureHandler(ErrorResponses::handle);
      }
    }
    TreeSet<String> orphans = new TreeSet<>(streaming.keySet());
    orphans.removeAll(seen);
    if (!unhandled.isEmpty() || !orphans.isEmpty()) {
      throw new IllegalStateException("the OpenAPI document and the streaming handlers differ: operations without "
          + "handler " + unhandled + ", handlers without operation " + orphans);
    }
  }

  /**
   * Bytes of a refused upload read and dropped so that the client, still sending, gets to read
   * the refusal (closing at once makes most clients report a reset instead of the 413); beyond,
   * the connection is closed.
   */
  private static final long DISCARD_LIMIT = 64L << 20;

  /**
   * After the reply to a streaming operation, reads and drops what the client is still sending:
   * a request left paused (refused before its body was read: 403, 413, a bad query) would stall
   * its keep-alive connection and every later request on it. A remainder over
   * {@link #DISCARD_LIMIT} closes the connection instead of being read for nothing.
   */
  private static void discardUnread(HttpServerRequest request) {
    if (request.isEnded()) {
      return;
    }
    long[] dropped = {0};
    request.exceptionHandler(ignored -> { });
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > DISCARD_LIMIT) {
        request.connection().close();
      }
    });
    request.endHandler(ignored -> { });
    request.resume();
  }

  /**
   * Attaches every handler to its route; fails when the document and the handlers differ. Requests
   * are validated against the document on the event loop ({@link InlineRequestValidator}).
   */
  public void bind(RouterBuilder builder, io.vertx.core.Vertx vertx, io.vertx.openapi.contract.OpenAPIContract contract) {
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    TreeSet<String> unhandled = new TreeSet<>();
    TreeSet<String> seen = new TreeSet<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      String id = operation.getOperationId();
      seen.add(id);
      Handler handler = handlers.get(id);
      if (handler == null) {
        unhandled.add(id);
        continue;
      }
      Object access = operation.getExtensions().get("x-bmp-access");
      if (access == null) {
        throw new IllegalStateException("operation " + id + " has no x-bmp-access");
      }
      Object audit = operation.getExtensions().get("x-bmp-audit");
      route.setDoSecurity(false);
      route.setDoValidation(false);
      if (!unvalidated.contains(id)) {
        Set<String> declared = operation.getParameters().stream()
            .filter(p -> p.getIn() == io.vertx.openapi.contract.Location.QUERY).map(p -> p.getName())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
        route.addHandler(ctx -> validate(ctx, extractor, validator, operation, declared,
            audit == null ? null : audit.toString()));
      }
      route.addHandler(ctx -> run(ctx, operation.getHttpMethod(), Access.parse(access.toString()),
          audit == null ? null : audit.toString(), handler));
    }
    TreeSet<String> orphans = new TreeSet<>(handlers.keySet());
    orphans.removeAll(seen);
    if (!unhandled.isEmpty() || !orphans.isEmpty()) {
      throw new IllegalStateException("the OpenAPI document and the handlers differ: operations without handler "
          + unhandled + ", handlers without operation " + orphans);
    }
  }

  /**
   * What the router's own validation does (a 400 for a request the document refuses), minus its
   * worker hop. A refused call of an audited operation is audited too, with the code and message
   * the caller gets, when the caller is known (an anonymous one gets its 401 from the handler).
   */
  private void validate(RoutingContext ctx, RequestExtractor extractor, InlineRequestValidator validator,
      Operation operation, Set<String> declaredQuery, String audit) {
    // The library reads only the parameters the operation declares: a misspelt filter
    // (?status= for ?state=) would otherwise be dropped and the whole list answered.
    for (String name : ctx.queryParams().names()) {
      if (!declaredQuery.contains(name)) {
        refuse(ctx, audit, BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.unknownParameter",
            "unknown query parameter " + name, name));
        return;
      }
    }
    extractor.extractValidatableRequest(ctx, operation).onComplete(extracted -> {
      if (extracted.failed()) {
        refuse(ctx, audit, extracted.cause());
        return;
      }
      ValidatedRequest validated;
      try {
        validated = validator.validateNow(extracted.result(), operation);
      } catch (ValidatorException e) {
        refuse(ctx, audit, new HttpException(400, e.getMessage(), e));
        return;
      } catch (RuntimeException e) {
        refuse(ctx, audit, e);
        return;
      }
      ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
      ctx.next();
    });
  }

  private void refuse(RoutingContext ctx, String audit, Throwable failure) {
    Caller caller = ctx.get(Authenticator.CALLER_KEY);
    if (audit == null || caller == null) {
      ctx.fail(failure);
      return;
    }
    auditor.record(audit, new Call(ctx, caller, I18n.EN), ctx.pathParam("id"), ErrorResponses.translate(failure, 400))
        .onComplete(v -> ctx.fail(failure));
  }

  private void run(RoutingContext ctx, HttpMethod method, Access access, String audit, Handler handler) {
    Caller caller = ctx.get(Authenticator.CALLER_KEY);
    String language = I18n.language(caller == null ? null : caller.user().language(),
        ctx.request().getHeader("Accept-Language"));
    ctx.put(ErrorResponses.LANGUAGE_KEY, language);
    Call call = new Call(ctx, caller, language);
    Future<Reply> result;
    try {
      admit(ctx, method, access, caller);
      result = handler.apply(call);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    if (audit != null) {
      result = result.transform(done -> {
        JsonArray batch = done.succeeded() ? batchItems(done.result()) : null;
        List<String> created = done.succeeded() && batch == null ? createdIds(done.result()) : List.of();
        Future<Void> recorded = batch != null ? auditor.recordBatch(audit, call, batch, done.result().targetId())
            : !created.isEmpty() ? auditor.recordCreated(audit, call, created, done.result().targetId())
            : auditor.record(audit, call, done.succeeded() ? targetOf(ctx, done.result()) : ctx.pathParam("id"), done.cause());
        return recorded.transform(v -> done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause()));
      });
    }
    result.onComplete(reply -> respond(ctx, reply), ctx::fail);
  }

  /** Refuses the call before the handler runs when the caller may not make it. */
  private static void admit(RoutingContext ctx, HttpMethod method, Access access, Caller caller) {
    if (access == Access.PUBLIC) {
      return;
    }
    if (caller == null) {
      throw BmpException.localized(ErrorCode.UNAUTHENTICATED, "error.unauthenticated",
          "log in, or send an API key as \"Authorization: Bearer <key>\"");
    }
    boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (caller.readOnly() && !reads) {
      throw BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.readOnlyKey", "this API key is read-only");
    }
    if (caller.viaSession() && !reads && !io.bmp.core.crypto.Tokens.same(caller.csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
      throw BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.csrf",
          "the X-CSRF-Token header is missing or does not match the session");
    }
    boolean allowed = switch (access) {
      case PUBLIC, USER -> true;
      case OPERATOR -> caller.role().operates();
      case OWNER -> caller.role() == io.bmp.core.domain.Role.OWNER;
    };
    if (!allowed) {
      throw BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.roleDenied",
          "your role (" + caller.role().displayName() + ") may not do this", caller.role().displayName());
    }
  }

  /** The per-instance outcomes of a batch answer (items of instanceId and ok), or null for any other answer. */
  private static JsonArray batchItems(Reply reply) {
    if (reply.body() instanceof JsonObject json && json.getValue("items") instanceof JsonArray items && !items.isEmpty()
        && items.getValue(0) instanceof JsonObject first && first.containsKey("instanceId") && first.containsKey("ok")) {
      return items;
    }
    return null;
  }

  /** The ids of the objects a create-many call made ({@code 201}/{@code 202} with {@code items}), so each is a target. */
  private static List<String> createdIds(Reply reply) {
    if ((reply.status() == 201 || reply.status() == 202) && reply.body() instanceof JsonObject json
        && json.getValue("items") instanceof JsonArray items) {
      List<String> ids = new java.util.ArrayList<>();
      for (Object item : items) {
        if (item instanceof JsonObject one && one.getValue("id") instanceof String id) {
          ids.add(id);
        }
      }
      return ids;
    }
    return List.of();
  }

  private static String targetOf(RoutingContext ctx, Reply reply) {
    if (reply.targetId() != null) {
      return reply.targetId();
    }
    if (reply.body() instanceof JsonObject json && json.getValue("id") instanceof String id) {
      return id;
    }
    return ctx.pathParam("id");
  }

  private static void respond(RoutingContext ctx, Reply reply) {
    if (reply == Reply.STREAMED) {
      return;
    }
    var response = ctx.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
    if (reply.body() == null) {
      response.end();
      return;
    }
    // Straight to UTF-8 bytes: encoding to a String first and then to bytes did the work twice.
    io.vertx.core.buffer.Buffer json = reply.body() instanceof JsonBody written ? written.toBuffer()
        : reply.body() instanceof JsonObject o ? o.toBuffer()
        : reply.body() instanceof JsonArray a ? a.toBuffer() : io.vertx.core.buffer.Buffer.buffer(String.valueOf(reply.body()));
    response.putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }
}
