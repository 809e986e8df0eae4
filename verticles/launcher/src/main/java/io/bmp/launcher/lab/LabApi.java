package io.bmp.launcher.lab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The lab's way into the platform: the public REST API with an API key, as an operator's script
 * would use it, so that what the lab sets up went through the same checks as anything else.
 */
final class LabApi {

  private final Vertx vertx;
  private final WebClient client;
  private final String base;
  private final String key;

  LabApi(Vertx vertx, WebClient client, String base, String key) {
    this.vertx = vertx;
    this.client = client;
    this.base = base;
    this.key = key;
  }

  Future<JsonObject> get(String path) {
    return send("GET", path, request(client.getAbs(base + path)).send());
  }

  /** Every item of a listing (the lab's own rooms are small: one page of the largest size is all). */
  Future<JsonArray> items(String path) {
    String sep = path.contains("?") ? "&" : "?";
    return get(path + sep + "pageSize=1000").map(page -> page.getJsonArray("items", new JsonArray()));
  }

  Future<JsonObject> post(String path, JsonObject body) {
    return send("POST", path, request(client.postAbs(base + path)).sendJsonObject(body));
  }

  Future<JsonObject> put(String path, JsonObject body) {
    HttpRequest<Buffer> request = request(client.putAbs(base + path));
    return send("PUT", path, body == null ? request.send() : request.sendJsonObject(body));
  }

  /** Streams a file as the body (an image upload): never read whole into memory. */
  Future<JsonObject> upload(String path, Path file) {
    return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
        .compose(in -> send("POST", path, request(client.postAbs(base + path))
            .putHeader("Content-Type", "application/octet-stream").sendStream(in).andThen(r -> in.close())));
  }

  private HttpRequest<Buffer> request(HttpRequest<Buffer> request) {
    return request.bearerTokenAuthentication(key).timeout(120_000);
  }

  private static Future<JsonObject> send(String method, String path, Future<HttpResponse<Buffer>> sent) {
    return sent.compose(response -> {
      int status = response.statusCode();
      if (status / 100 == 2) {
        Buffer body = response.body();
        return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject());
      }
      return Future.failedFuture(new IOException(method + " " + path + ": HTTP " + status + " " + response.bodyAsString()));
    });
  }
}
