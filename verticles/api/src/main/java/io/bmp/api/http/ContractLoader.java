package io.bmp.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the OpenAPI document. The document as written is what clients get ({@code /openapi.json},
 * {@code /docs}); the router gets a copy adapted to what vertx-web-openapi-router 5.0.8 handles:
 *
 * <ul>
 *   <li>no {@code security} requirements: the api authenticates callers itself (sessions and API
 *       keys, {@code Authenticator}), and the router installs an empty, always-failing auth chain
 *       for operations that list two alternative schemes even when told not to check security;
 *   <li>no streaming operations ({@code x-bmp-streaming}, uploads): they are served apart, so that
 *       no body handler ever buffers them;
 *   <li>request bodies of media types the validator does not know (CSV, xlsx) declared as
 *       {@code application/octet-stream}: the router refuses to load a contract that has them,
 *       and their operations check their bodies themselves ({@code OperationTable.onUnvalidated});
 *   <li>event streams ({@code text/event-stream} responses) declared as {@code text/plain}, for
 *       the same reason (responses are not validated).
 * </ul>
 */
public final class ContractLoader {

  /** The document as written, and the contract the router validates against. */
  public record Loaded(JsonObject document, OpenAPIContract contract) {}

  private ContractLoader() {}

  public static Future<Loaded> load(Vertx vertx, String resource) {
    return vertx.fileSystem().readFile(resource)
        .map(buffer -> {
          LoaderOptions options = new LoaderOptions();
          options.setCodePointLimit(16 * 1024 * 1024);
          Map<String, Object> tree = new Yaml(options).load(buffer.toString());
          return new JsonObject(tree);
        })
        .compose(document -> OpenAPIContract.from(vertx, forRouting(document.copy()))
            .map(contract -> new Loaded(document, new ValidatorCachingContract(contract))));
  }

  private static final Set<String> VALIDATED_MEDIA_TYPES = Set.of(
      "application/json", "multipart/form-data", "application/octet-stream", "text/plain");

  private static JsonObject forRouting(JsonObject document) {
    document.remove("security");
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : new ArrayList<>(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : new ArrayList<>(item.fieldNames())) {
        if (item.getValue(method) instanceof JsonObject operation && operation.getBoolean("x-bmp-streaming", false)) {
          // Served by OperationTable.bindStreaming, never through the buffering router.
          item.remove(method);
          continue;
        }
        if (item.getValue(method) instanceof JsonObject operation) {
          operation.remove("security");
          JsonObject body = operation.getJsonObject("requestBody");
          JsonObject content = body == null ? null : body.getJsonObject("content");
          if (content != null && !VALIDATED_MEDIA_TYPES.containsAll(content.fieldNames())) {
            body.put("content", new JsonObject().put("application/octet-stream",
                new JsonObject().put("schema", new JsonObject().put("type", "string").put("format", "binary"))));
          }
          JsonObject responses = operation.getJsonObject("responses", new JsonObject());
          for (String status : responses.fieldNames()) {
            JsonObject produced = responses.getValue(status) instanceof JsonObject r ? r.getJsonObject("content") : null;
            if (produced != null && produced.containsKey("text/event-stream")) {
              // Responses are never validated; the router only refuses to load a media type it does not know.
              produced.put("text/plain", produced.remove("text/event-stream"));
            }
          }
        }
      }
      if (item.fieldNames().stream().noneMatch(key -> item.getValue(key) instanceof JsonObject)) {
        paths.remove(path); // only streaming operations were here: the router refuses an empty path
      }
    }
    return document;
  }
}
