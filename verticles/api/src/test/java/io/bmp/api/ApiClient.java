package io.bmp.api;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * A caller of the API in tests: anonymous, with an API key, or with a console session (cookie
 * plus CSRF token). Calls are synchronous (they wait on the test thread, never on an event loop).
 */
final class ApiClient {

  /** A response, with the body parsed when it is JSON. */
  record Response(int status, JsonObject json, String text, MultiMap headers) {

    String errorCode() {
      return json == null || json.getJsonObject("error") == null ? null : json.getJsonObject("error").getString("code");
    }

    String errorMessage() {
      return json == null || json.getJsonObject("error") == null ? null : json.getJsonObject("error").getString("message");
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  private final WebClient http;
  private final int port;
  private final String bearer;
  private final String cookie;
  private final String csrf;
  private final String language;

  ApiClient(WebClient http, int port, String bearer, String cookie, String csrf, String language) {
    this.http = http;
    this.port = port;
    this.bearer = bearer;
    this.cookie = cookie;
    this.csrf = csrf;
    this.language = language;
  }

  static ApiClient anonymous(WebClient http, int port) {
    return new ApiClient(http, port, null, null, null, null);
  }

  ApiClient withKey(String key) {
    return new ApiClient(http, port, key, null, null, language);
  }

  ApiClient withSession(String sessionCookie, String csrfToken) {
    return new ApiClient(http, port, null, sessionCookie, csrfToken, language);
  }

  ApiClient withoutCsrf() {
    return new ApiClient(http, port, bearer, cookie, null, language);
  }

  ApiClient acceptLanguage(String value) {
    return new ApiClient(http, port, bearer, cookie, csrf, value);
  }

  String sessionCookie() {
    return cookie;
  }

  Response get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  Response post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  Response put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, body);
  }

  Response patch(String path, JsonObject body) {
    return send(HttpMethod.PATCH, path, body);
  }

  Response delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  Response send(HttpMethod method, String path, Object body) {
    // A lost reply fails the test in time instead of hanging the build.
    HttpRequest<Buffer> request = http.request(method, port, "127.0.0.1", path).timeout(60_000);
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    if (cookie != null) {
      request.putHeader("Cookie", "bmp_session=" + cookie);
    }
    if (csrf != null) {
      request.putHeader("X-CSRF-Token", csrf);
    }
    if (language != null) {
      request.putHeader("Accept-Language", language);
    }
    HttpResponse<Buffer> response;
    if (body == null) {
      response = request.send().await();
    } else if (body instanceof JsonObject json) {
      response = request.putHeader("Content-Type", "application/json").sendBuffer(json.toBuffer()).await();
    } else {
      response = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())).await();
    }
    String text = response.bodyAsString();
    JsonObject json = null;
    if (text != null && text.startsWith("{")) {
      json = new JsonObject(text);
    }
    return new Response(response.statusCode(), json, text, response.headers());
  }
}
