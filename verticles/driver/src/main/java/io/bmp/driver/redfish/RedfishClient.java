package io.bmp.driver.redfish;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * HTTP to one Redfish service: a session (X-Auth-Token) opened on first use and kept, opened again
 * once when the service answers 401 (sessions expire), closed on {@link #logout()}. Reads are
 * retried with jittered backoff while the service is busy (503) or slow; actions are retried only
 * on 503, which means nothing was done. Failures are BMC_* codes; the password is asked for only
 * when a session is opened and never appears in a message.
 */
public final class RedfishClient {

  private final Vertx vertx;
  private final WebClient web;
  private final boolean tls;
  private final String host;
  private final int port;
  private final String user;
  private final Supplier<String> password;
  private final RedfishSettings settings;
  private String token;
  private String sessionPath;

  public RedfishClient(Vertx vertx, WebClient web, boolean tls, String host, int port, String user,
      Supplier<String> password, RedfishSettings settings) {
    this.vertx = vertx;
    this.web = web;
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.settings = settings;
  }

  public Future<JsonObject> get(String path) {
    return withRetry(() -> authorised(HttpMethod.GET, path, null), true, 0);
  }

  /** PATCH or POST; answers the body if the service sent one (204: empty). */
  public Future<JsonObject> send(HttpMethod method, String path, JsonObject body) {
    return withRetry(() -> authorised(method, path, body), false, 0);
  }

  /** Ends the session at the service (best effort: a BMC that is gone has forgotten it anyway). */
  public Future<Void> logout() {
    if (token == null) {
      return Future.succeededFuture();
    }
    HttpRequest<Buffer> request = request(HttpMethod.DELETE, sessionPath).putHeader("X-Auth-Token", token);
    token = null;
    return request.send().<Void>mapEmpty().otherwiseEmpty();
  }

  public boolean hasSession() {
    return token != null;
  }

  private Future<JsonObject> withRetry(Supplier<Future<JsonObject>> call, boolean idempotent, int attempt) {
    return call.get().recover(failure -> {
      ErrorCode code = failure instanceof BmpException e ? e.code() : ErrorCode.INTERNAL;
      boolean again = code == ErrorCode.BMC_BUSY || (idempotent && code == ErrorCode.BMC_TIMEOUT);
      if (!again || attempt + 1 >= settings.attempts()) {
        return Future.failedFuture(failure);
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(Backoff.delay(settings.retryMillis(), attempt), id -> pause.complete());
      return pause.future().compose(v -> withRetry(call, idempotent, attempt + 1));
    });
  }

  private Future<JsonObject> authorised(HttpMethod method, String path, JsonObject body) {
    Future<Void> session = token != null ? Future.succeededFuture() : login();
    return session.compose(v -> exchange(method, path, body)).recover(failure -> {
      if (failure instanceof Unauthorised && token != null) {
        token = null; // expired or dropped by the BMC: one fresh login, then the answer stands
        return login().compose(v -> exchange(method, path, body));
      }
      return Future.failedFuture(failure instanceof Unauthorised
          ? new BmpException(ErrorCode.BMC_AUTH_FAILED, "the Redfish service at " + where() + " refused the session")
          : failure);
    });
  }

  private Future<Void> login() {
    JsonObject credentials = new JsonObject().put("UserName", user).put("Password", password.get());
    return request(HttpMethod.POST, "/redfish/v1/SessionService/Sessions").sendJsonObject(credentials)
        .recover(this::transportFailure)
        .compose(response -> {
          String newToken = response.getHeader("X-Auth-Token");
          if (response.statusCode() == 401 || response.statusCode() == 403) {
            return Future.failedFuture(new BmpException(ErrorCode.BMC_AUTH_FAILED,
                "the Redfish service at " + where() + " refused the user name or password"));
          }
          if (response.statusCode() / 100 != 2 || newToken == null) {
            return Future.failedFuture(statusFailure(response, "opening a session"));
          }
          token = newToken;
          String location = response.getHeader("Location");
          sessionPath = location == null ? null : location.replaceFirst("^https?://[^/]+", "");
          return Future.<Void>succeededFuture();
        });
  }

  private Future<JsonObject> exchange(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path).putHeader("X-Auth-Token", token);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.recover(this::transportFailure).compose(response -> {
      if (response.statusCode() == 401) {
        return Future.failedFuture(new Unauthorised());
      }
      if (response.statusCode() / 100 != 2) {
        return Future.failedFuture(statusFailure(response, method + " " + path));
      }
      Buffer payload = response.body();
      try {
        return Future.succeededFuture(payload == null || payload.length() == 0 ? new JsonObject() : payload.toJsonObject());
      } catch (RuntimeException e) {
        return Future.failedFuture(new BmpException(ErrorCode.UPSTREAM_FAILED,
            "the Redfish service at " + where() + " answered " + path + " with something that is not JSON"));
      }
    });
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return web.request(method, port, host, path).ssl(tls).timeout(settings.timeoutMillis())
        .putHeader("Accept", "application/json").putHeader("OData-Version", "4.0");
  }

  private <T> Future<T> transportFailure(Throwable failure) {
    String where = where();
    ErrorCode code;
    String message;
    if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
      code = ErrorCode.BMC_TIMEOUT;
      message = "the Redfish service at " + where + " did not answer within " + settings.timeoutMillis() + " ms";
    } else if (failure instanceof SSLException) {
      code = ErrorCode.BMC_UNREACHABLE;
      message = "TLS with the Redfish service at " + where + " failed: " + failure.getMessage();
    } else if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
        || failure instanceof UnknownHostException || failure.getCause() instanceof ConnectException) {
      code = ErrorCode.BMC_UNREACHABLE;
      message = "no Redfish service answers at " + where;
    } else {
      code = ErrorCode.BMC_UNREACHABLE;
      message = "the connection to the Redfish service at " + where + " failed: " + failure.getMessage();
    }
    return Future.failedFuture(new BmpException(code, message));
  }

  /** A status that is not 2xx, as a typed error with the service's own message (never a credential). */
  private BmpException statusFailure(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    String detail = redfishMessage(response);
    ErrorCode code = switch (status) {
      case 403 -> ErrorCode.BMC_PRIVILEGE;
      case 429, 503 -> ErrorCode.BMC_BUSY;
      case 404, 405, 501 -> ErrorCode.BMC_UNSUPPORTED;
      case 409 -> ErrorCode.INVALID_STATE;
      case 504 -> ErrorCode.BMC_TIMEOUT;
      default -> ErrorCode.UPSTREAM_FAILED;
    };
    return new BmpException(code, "the Redfish service at " + where() + " answered " + what + " with HTTP " + status
        + (detail == null ? "" : ": " + detail));
  }

  private static String redfishMessage(HttpResponse<Buffer> response) {
    try {
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      return error == null ? null : error.getString("message");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private String where() {
    return (tls ? "https://" : "http://") + host + ":" + port;
  }

  /** A 401 on a call: the session may have expired. */
  private static final class Unauthorised extends RuntimeException {
    Unauthorised() {
      super("401", null, false, false);
    }
  }
}
