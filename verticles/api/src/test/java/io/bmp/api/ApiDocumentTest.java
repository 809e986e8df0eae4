package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.api.http.ApiReference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document keeps its promises: every operation has an id, a summary, a description,
 * tags and its access rule; every field of every schema and every parameter is described; and
 * docs/api-reference.md is what the document renders to. Run with -Dbmp.regenerateDocs=true to
 * rewrite the reference after changing the document.
 */
class ApiDocumentTest {

  static final Path DOCUMENT = Path.of("src/main/resources/openapi/bmp.yaml");
  static final Path REFERENCE = Path.of("../../docs/api-reference.md");

  static JsonObject document() throws Exception {
    Map<String, Object> tree = new Yaml().load(Files.readString(DOCUMENT));
    return new JsonObject(tree);
  }

  @Test
  void everyOperationIsDescribedAndHasAnAccessRule() throws Exception {
    JsonObject paths = document().getJsonObject("paths");
    List<String> missing = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.containsKey("responses")) {
          for (String key : List.of("operationId", "summary", "description", "tags", "x-bmp-access")) {
            if (!op.containsKey(key)) {
              missing.add(method + " " + path + ": " + key);
            }
          }
          if (!List.of("public", "user", "operator", "owner").contains(op.getString("x-bmp-access"))) {
            missing.add(method + " " + path + ": x-bmp-access is " + op.getString("x-bmp-access"));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyFieldAndParameterIsDescribed() throws Exception {
    JsonObject document = document();
    List<String> missing = new ArrayList<>();
    walk(document.getJsonObject("components").getJsonObject("schemas"), "#/components/schemas", missing);
    walk(document.getJsonObject("paths"), "#/paths", missing);
    document.getJsonObject("components").getJsonObject("parameters").forEach(p -> {
      if (!((JsonObject) p.getValue()).containsKey("description")) {
        missing.add("parameter " + p.getKey());
      }
    });
    assertThat(missing).isEmpty();
  }

  /** Every property of every schema object has a description (its own or its $ref target's). */
  private static void walk(Object node, String where, List<String> missing) {
    if (node instanceof JsonObject object) {
      if (object.getValue("properties") instanceof JsonObject properties) {
        for (String name : properties.fieldNames()) {
          JsonObject property = properties.getJsonObject(name);
          if (!property.containsKey("description") && !property.containsKey("$ref")) {
            missing.add(where + "/properties/" + name);
          }
        }
      }
      if (object.getValue("parameters") instanceof JsonArray parameters) {
        for (Object p : parameters) {
          JsonObject parameter = (JsonObject) p;
          if (!parameter.containsKey("$ref") && !parameter.containsKey("description")) {
            missing.add(where + "/parameters/" + parameter.getString("name"));
          }
        }
      }
      for (String key : object.fieldNames()) {
        walk(object.getValue(key), where + "/" + key, missing);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), where + "/" + i, missing);
      }
    }
  }

  @Test
  void theReferenceInDocsIsWhatTheDocumentRendersTo() throws Exception {
    String rendered = new ApiReference(document()).markdown();
    if (Boolean.getBoolean("bmp.regenerateDocs") || !Files.exists(REFERENCE)) {
      Files.writeString(REFERENCE, rendered);
    }
    assertThat(Files.readString(REFERENCE))
        .as("docs/api-reference.md is out of date: run mvn -pl verticles/api test -Dtest=ApiDocumentTest -Dbmp.regenerateDocs=true")
        .isEqualTo(rendered);
  }
}
