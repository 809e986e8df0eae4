package io.bmp.api.http;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error body of the HTTP API: {@code {"error": {"code", "message", "field"?}, "requestId"}}
 * with the status from {@link ErrorCode#httpStatus()} and the message in the caller's language.
 * Bad input (schema validation, malformed JSON, oversized bodies) is a 4xx naming the field;
 * internal failures are logged here with the request id and answered without their details. No
 * stack trace ever reaches a client.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  static final String LANGUAGE_KEY = "language";

  private ErrorResponses() {}

  /** The error a caller gets for {@code failure} (what {@link #handle} answers), for the audit log. */
  static BmpException translate(Throwable failure, int status) {
    return answer(failure, status).error();
  }

  private record Answer(BmpException error, String field) {}

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Answer answer = answer(failure, ctx.statusCode());
    BmpException error = answer.error();
    if (error.code() == ErrorCode.INTERNAL) {
      LOG.error("REQUEST-FAILED id={} {} {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(),
          error.getCause() != null ? error.getCause() : failure);
    }
    send(ctx, error, answer.field());
  }

  private static Answer answer(Throwable failure, int status) {
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      failure = http.getCause();
    }
    String field = null;
    BmpException error;
    if (failure instanceof SchemaValidationException invalid) {
      field = fieldOf(invalid);
      Object reason = reasonOf(invalid);
      String where = field == null || field.isEmpty() ? "body" : field;
      error = BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field", "field " + where + ": " + reason, where, reason);
    } else if (failure instanceof ValidatorException invalid) {
      error = invalid.getMessage() != null && invalid.getMessage().contains("can't be decoded")
          ? BmpException.localized(ErrorCode.MALFORMED_REQUEST, "error.malformedJson", "the request body is not valid JSON")
          : new BmpException(ErrorCode.INVALID_ARGUMENT, invalid.getMessage());
      Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()));
      field = parameter.find() ? parameter.group(2) : null;
    } else if (failure instanceof DecodeException || (failure != null && failure.getCause() instanceof DecodeException)) {
      error = BmpException.localized(ErrorCode.MALFORMED_REQUEST, "error.malformedJson", "the request body is not valid JSON");
    } else if (failure != null) {
      error = BmpException.of(failure);
      // A handler's own field check names the field first ("error.field", field, reason).
      if (("error.field".equals(error.messageKey()) || "error.unknownParameter".equals(error.messageKey()))
          && error.messageArgs().length > 0) {
        field = String.valueOf(error.messageArgs()[0]);
      }
    } else {
      error = fromStatus(status);
    }
    return new Answer(error, field);
  }

  /** "The value of query parameter pageSize is invalid…": the parameter is the field. */
  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter (\\S+?)[ .,]");

  private static String fieldOf(SchemaValidationException invalid) {
    Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()));
    if (parameter.find()) {
      return parameter.group(2);
    }
    OutputUnit unit = culprit(invalid.getOutputUnit());
    if (unit == null) {
      return null;
    }
    String at = pointer(unit.getInstanceLocation());
    // A missing field is reported where it should have been (its object): the field is the name in the message.
    Matcher required = REQUIRED.matcher(String.valueOf(unit.getError()));
    return lastKeyword(unit).equals("required") && required.find() && at != null ? at + "/" + required.group(1) : at;
  }

  /** vertx-json-schema's "Instance does not have required property \"name\"". */
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");

  private static Object reasonOf(SchemaValidationException invalid) {
    OutputUnit unit = culprit(invalid.getOutputUnit());
    if (unit != null && unit.getError() != null) {
      return new SchemaReason(lastKeyword(unit), unit.getError());
    }
    String message = String.valueOf(invalid.getMessage());
    int reason = message.indexOf("Reason: ");
    return reason >= 0 ? message.substring(reason + 8) : message;
  }

  public static void notFound(RoutingContext ctx) {
    send(ctx, BmpException.localized(ErrorCode.NOT_FOUND, "error.noSuchResource",
        "no such resource: " + ctx.request().path(), ctx.request().path()), null);
  }

  public static void methodNotAllowed(RoutingContext ctx) {
    String method = ctx.request().method().name();
    send(ctx, BmpException.localized(ErrorCode.METHOD_NOT_ALLOWED, "error.methodNotAllowed",
        method + " is not allowed on " + ctx.request().path(), method, ctx.request().path()), null);
  }

  public static void send(RoutingContext ctx, BmpException error, String field) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    String language = ctx.get(LANGUAGE_KEY);
    if (language == null) {
      // Refused before the operation ran (validation): the caller, if known, still has its setting.
      io.bmp.api.auth.Caller caller = ctx.get(io.bmp.api.auth.Authenticator.CALLER_KEY);
      language = I18n.language(caller == null ? null : caller.user().language(), ctx.request().getHeader("Accept-Language"));
    }
    JsonObject detail = new JsonObject().put("code", error.code().name()).put("message", I18n.message(language, error));
    if (field != null && !field.isEmpty()) {
      detail.put("field", field);
    }
    ctx.response()
        .setStatusCode(error.code().httpStatus())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    if (error.code() == ErrorCode.RATE_LIMITED && error.messageArgs().length > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.messageArgs()[0]));
    }
    ctx.response().end(new JsonObject().put("error", detail).put("requestId", RequestIds.of(ctx)).encode());
  }

  /** Keywords that only summarise errors found below them. */
  private static final Set<String> SUMMARIES = Set.of("properties", "additionalProperties", "items", "prefixItems",
      "allOf", "anyOf", "oneOf", "$ref", "not", "if", "then", "else");

  /**
   * The error that names what is wrong: the first concrete constraint (minLength, enum, type,
   * required…), else a field the schema does not know. (The validator also reports every declared
   * property that failed as an "additionalProperties" error; those are echoes, not causes.)
   */
  private static OutputUnit culprit(OutputUnit root) {
    if (root == null) {
      return null;
    }
    List<OutputUnit> all = new ArrayList<>();
    flatten(root, all);
    Set<String> declared = new HashSet<>();
    for (OutputUnit unit : all) {
      if (unit.getError() != null && lastKeyword(unit).equals("properties")) {
        declared.add(unit.getInstanceLocation());
      }
    }
    for (OutputUnit unit : all) {
      if (unit.getError() != null && !SUMMARIES.contains(lastKeyword(unit))) {
        return unit;
      }
    }
    for (OutputUnit unit : all) {
      if (unit.getError() != null && lastKeyword(unit).equals("additionalProperties")
          && !declared.contains(unit.getInstanceLocation())) {
        return new OutputUnit(unit.getInstanceLocation(), unit.getAbsoluteKeywordLocation(), unit.getKeywordLocation(),
            "is not a known field", unit.getErrorType());
      }
    }
    return all.stream().filter(u -> u.getError() != null).findFirst().orElse(root);
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    into.add(unit);
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(child -> flatten(child, into));
    }
  }

  private static String lastKeyword(OutputUnit unit) {
    String location = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** "#/devices/3/sn" to "/devices/3/sn"; the whole body is "". */
  private static String pointer(String instanceLocation) {
    if (instanceLocation == null) {
      return null;
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  private static BmpException fromStatus(int status) {
    return switch (status) {
      case 400 -> new BmpException(ErrorCode.MALFORMED_REQUEST, "malformed request");
      case 401 -> BmpException.localized(ErrorCode.UNAUTHENTICATED, "error.unauthenticated", "authentication required");
      case 403 -> new BmpException(ErrorCode.PERMISSION_DENIED, "permission denied");
      case 404 -> new BmpException(ErrorCode.NOT_FOUND, "not found");
      case 405 -> new BmpException(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this resource");
      case 413 -> new BmpException(ErrorCode.PAYLOAD_TOO_LARGE, "request body too large");
      case 415 -> new BmpException(ErrorCode.MALFORMED_REQUEST, "unsupported content type");
      default -> new BmpException(ErrorCode.INTERNAL, "internal error");
    };
  }
}
