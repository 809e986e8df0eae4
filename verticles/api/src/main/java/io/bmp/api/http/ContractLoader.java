package io.bmp.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the OpenAPI document. The document as written is what clients get ({@code /openapi.json},
 * {@code /docs}); the router gets a copy without {@code security} requirements, because the api
 * authenticates callers itself (sessions and API keys, {@code Authenticator}) and
 * vertx-web-openapi-router 5.0.8 installs an empty, always-failing auth chain for operations that
 * list two alternative schemes even when told not to check security.
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
        .compose(document -> OpenAPIContract.from(vertx, withoutSecurity(document.copy()))
            .map(contract -> new Loaded(document, contract)));
  }

  private static JsonObject withoutSecurity(JsonObject document) {
    document.remove("security");
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          operation.remove("security");
        }
      }
    }
    return document;
  }
}
