package io.bmp.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  /**
   * A response that stays open (Server-Sent Events): its status and headers at once, then its body
   * chunk by chunk as the server writes it. {@link #close} drops the connection, as a browser does.
   */
  record Stream(int status, MultiMap headers, LinkedBlockingQueue<String> chunks, HttpClientResponse response) {

    /** Reads chunks until the text read contains {@code wanted} (or 30 s pass); returns all text read. */
    String readUntil(String wanted) throws InterruptedException {
      StringBuilder text = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!text.toString().contains(wanted) && System.nanoTime() < deadline) {
        String chunk = chunks.poll(200, TimeUnit.MILLISECONDS);
        if (chunk != null) {
          text.append(chunk);
        }
      }
      return text.toString();
    }

    void close() {
      response.request().connection().close().await();
    }
  }

  /** Opens {@code path} as a stream on {@code client} (a plain HTTP client: the web client waits for the end). */
  Stream stream(HttpClient client, String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Accept", "text/event-stream");
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (cookie != null) {
      options.putHeader("Cookie", "bmp_session=" + cookie);
    }
    LinkedBlockingQueue<String> chunks = new LinkedBlockingQueue<>();
    HttpClientResponse response = client.request(options).compose(request -> request.send().map(r -> {
      r.handler(buffer -> chunks.add(buffer.toString()));
      return r;
    })).await();
    return new Stream(response.statusCode(), response.headers(), chunks, response);
  }
}
