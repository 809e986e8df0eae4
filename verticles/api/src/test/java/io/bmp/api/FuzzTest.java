package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sends malformed requests, generated from the OpenAPI document, to every operation: bodies that
 * are not JSON, JSON of the wrong shape, unknown fields, wrong types, oversized strings, missing
 * required fields, random bytes; path ids that break their pattern; paging out of range. Every
 * answer must be a 4xx with a well-formed error body (code, message, request id), never a 2xx or
 * a 5xx. Called as the owner, so that authorization lets every request reach validation.
 */
class FuzzTest extends ApiTestBase {

  private final Random random = new Random(42);

  @Test
  void malformedRequestsToEveryOperationGetA4xxWithAnErrorBody() {
    JsonObject document = anonymous.get("/openapi.json").json();
    JsonObject paths = document.getJsonObject("paths");
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        HttpMethod m = HttpMethod.valueOf(method.toUpperCase());
        String concrete = path.replaceAll("\\{[^}]+}", "x-fuzz");
        JsonObject body = op.getJsonObject("requestBody");
        List<Object> bodies = new ArrayList<>();
        if (body != null && isJson(body)) {
          JsonObject schema = resolve(document, body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
          bodies.addAll(mutations(document, schema));
        }
        // Bodies of the wrong form for every operation that takes one.
        if (body != null) {
          bodies.add("{\"not json");
          bodies.add("[1, 2, 3]");
          bodies.add(randomText(64));
        }
        for (Object mutant : bodies) {
          sent++;
          check(wrong, op, m, concrete, mutant);
        }
        // Path ids that break the pattern or the length.
        if (path.contains("{")) {
          for (String bad : List.of("bad id!", "x".repeat(41), "../../etc/passwd")) {
            sent++;
            String encoded = URLEncoder.encode(bad, StandardCharsets.UTF_8).replace("+", "%20");
            check(wrong, op, m, path.replaceAll("\\{[^}]+}", encoded), body == null ? null : new JsonObject());
          }
        }
        // Paging out of range, where the operation pages.
        if (m == HttpMethod.GET && op.encode().contains("PageSize")) {
          List<String> queries = new ArrayList<>(List.of("?pageSize=0", "?pageSize=100000", "?pageNumber=-1", "?pageSize=abc"));
          if (op.encode().contains("parameters/Sort")) {
            queries.add("?sort=%27%3B--");
            queries.add("?sort=passwordHash");
          }
          for (String query : queries) {
            sent++;
            check(wrong, op, m, concrete + query, null);
          }
        }
      }
    }
    assertThat(wrong).as("of " + sent + " malformed requests").isEmpty();
    assertThat(sent).isGreaterThan(300);
  }

  private void check(List<String> wrong, JsonObject op, HttpMethod method, String path, Object body) {
    ApiClient.Response response = owner.send(method, path, body);
    String what = op.getString("operationId") + " " + method + " " + path + " body=" + abbreviate(String.valueOf(body));
    if (response.status() < 400 || response.status() >= 500) {
      // A request without a body that names an object that does not exist is a 404 at best, never 2xx;
      // the only 2xx allowed are operations that ignore what was sent (there are none with a malformed body).
      wrong.add(what + " -> " + response.status() + " " + abbreviate(response.text()));
      return;
    }
    JsonObject json = response.json();
    if (json == null || json.getJsonObject("error") == null || json.getJsonObject("error").getString("code") == null
        || json.getJsonObject("error").getString("message") == null || json.getString("requestId") == null) {
      wrong.add(what + " -> " + response.status() + " without a well-formed error body: " + abbreviate(response.text()));
    }
  }

  /** Bodies that break the schema one way each. */
  private List<Object> mutations(JsonObject document, JsonObject schema) {
    List<Object> out = new ArrayList<>();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    JsonObject valid = sample(document, schema);
    if (!required.isEmpty()) {
      out.add(new JsonObject());
    }
    out.add(valid.copy().put("unknownField" + random.nextInt(1000), "x"));
    for (String name : properties.fieldNames()) {
      JsonObject property = resolve(document, properties.getJsonObject(name));
      String type = typeOf(property);
      JsonObject wrongType = valid.copy();
      wrongType.put(name, type.equals("string") ? (Object) 12345 : "not-a-" + type);
      out.add(wrongType);
      if (type.equals("string") && property.containsKey("maxLength")) {
        out.add(valid.copy().put(name, "y".repeat(property.getInteger("maxLength") + 1)));
      }
      if (property.containsKey("enum")) {
        out.add(valid.copy().put(name, "no-such-value"));
      }
    }
    return out;
  }

  /** A body with every required field set to a plausible value of its type. */
  private JsonObject sample(JsonObject document, JsonObject schema) {
    JsonObject body = new JsonObject();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (Object r : schema.getJsonArray("required", new JsonArray())) {
      JsonObject property = resolve(document, properties.getJsonObject((String) r, new JsonObject()));
      body.put((String) r, switch (typeOf(property)) {
        case "integer" -> property.getInteger("minimum", 1);
        case "boolean" -> true;
        case "array" -> new JsonArray();
        case "object" -> new JsonObject();
        default -> property.containsKey("enum") ? property.getJsonArray("enum").getValue(0) : "sample";
      });
    }
    return body;
  }

  private static String typeOf(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray many) {
      return many.getString(0);
    }
    return type == null ? "object" : type.toString();
  }

  private static JsonObject resolve(JsonObject document, JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(document, target);
  }

  private static boolean isJson(JsonObject requestBody) {
    return requestBody.getJsonObject("content").containsKey("application/json");
  }

  private String randomText(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) (random.nextInt(0x2FF) + 1));
    }
    return s.toString();
  }

  private static String abbreviate(String text) {
    return text == null ? "null" : text.length() > 140 ? text.substring(0, 140) + "…" : text;
  }
}
