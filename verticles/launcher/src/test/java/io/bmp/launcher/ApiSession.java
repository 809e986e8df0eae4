package io.bmp.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;

/** A console's session on the REST API for tests: logged in as a user, with its CSRF token. Blocking calls. */
final class ApiSession implements AutoCloseable {

  private final WebClient client;
  private final WebClientSession session;
  private final String base;
  private String csrf;

  ApiSession(Vertx vertx, String base) {
    this.client = WebClient.create(vertx);
    this.session = WebClientSession.create(client);
    this.base = base;
  }

  ApiSession login(String user, String password) {
    JsonObject answer = call(session.postAbs(base + "/v1/login"),
        new JsonObject().put("username", user).put("password", password), 200);
    csrf = answer.getString("csrfToken");
    return this;
  }

  JsonObject get(String path) {
    return call(session.getAbs(base + path), null, 200);
  }

  JsonArray items(String path) {
    return get(path + (path.contains("?") ? "&" : "?") + "pageSize=1000").getJsonArray("items");
  }

  JsonObject post(String path, JsonObject body, int expected) {
    return call(session.postAbs(base + path), body == null ? new JsonObject() : body, expected);
  }

  JsonObject put(String path, JsonObject body, int expected) {
    return call(session.putAbs(base + path), body, expected);
  }

  JsonObject delete(String path, int expected) {
    return call(session.deleteAbs(base + path), null, expected);
  }

  private JsonObject call(HttpRequest<Buffer> request, JsonObject body, int expected) {
    if (csrf != null) {
      request.putHeader("X-CSRF-Token", csrf);
    }
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body)).await();
    if (response.statusCode() != expected) {
      throw new AssertionError(request.method() + " " + request.uri() + ": expected HTTP " + expected + ", got "
          + response.statusCode() + " " + response.bodyAsString());
    }
    Buffer answer = response.body();
    return answer == null || answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
  }

  @Override
  public void close() {
    client.close();
  }
}
