package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.api.http.ContractLoader;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sends malformed requests, generated from the OpenAPI document, to every operation: bodies that
 * are not JSON, JSON of the wrong shape, unknown fields, and for every field of the body (and of
 * the first item of its arrays and nested objects) a wrong type, a string too long or too short,
 * one breaking its pattern, an unknown enum value, a number out of range, an empty array where one
 * item is the least; query parameters breaking their schemas; path ids that break their pattern;
 * paging out of range. Every answer must be a 4xx with a well-formed error body (code, message,
 * request id), never a 2xx or a 5xx, and a mutated field must be the {@code field} the error names.
 *
 * <p>Each mutant is built from a body that the contract's own validator accepts, and is sent only
 * if that validator refuses it: the refusal must be for the mutation, not for the rest of the body.
 * Called as the owner, so that authorization lets every request reach validation.
 */
class FuzzTest extends ApiTestBase {

  private static final List<String> STRING_CANDIDATES = List.of("sample", "sample-1", "Sample1", "uefi",
      "http://images.example/fuzz.raw", "0123456789abcdef".repeat(4), "52:54:00:aa:bb:01", "+86", "138 0000 0000",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl fuzz@bmp", "ready", "name");

  private final Random random = new Random(42);

  /** One malformed request and, when known, the field its error must name. */
  private record Mutant(Object body, String field) {}

  @Test
  void malformedRequestsToEveryOperationGetA4xxWithAnErrorBody() {
    JsonObject document = anonymous.get("/openapi.json").json();
    OpenAPIContract contract = ContractLoader.load(vertx, "openapi/bmp.yaml").await().contract();
    JsonObject paths = document.getJsonObject("paths");
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    int fieldsNamed = 0;
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        HttpMethod m = HttpMethod.valueOf(method.toUpperCase());
        JsonArray parameters = item.getJsonArray("parameters", new JsonArray()).copy()
            .addAll(op.getJsonArray("parameters", new JsonArray()));
        String concrete = concretePath(document, parameters, path);
        JsonObject body = op.getJsonObject("requestBody");
        List<Mutant> mutants = new ArrayList<>();
        if (body != null && isJson(body)) {
          JsonObject schema = resolve(document, body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
          Validator validator = contract.getSchemaRepository().validator(contract.operation(op.getString("operationId"))
              .getRequestBody().getContent().get("application/json").getSchema());
          JsonObject valid = (JsonObject) sample(document, schema);
          if (!validator.validate(valid).getValid()) {
            wrong.add(op.getString("operationId") + ": the sample body is not valid, so its mutants prove nothing: "
                + valid.encode() + " " + validator.validate(valid).toJson().encode());
            continue;
          }
          for (Mutant mutant : mutations(document, schema, valid, "")) {
            if (!validator.validate(mutant.body()).getValid()) {
              mutants.add(mutant);
            }
          }
        }
        // Bodies of the wrong form for every operation that takes one.
        if (body != null) {
          mutants.add(new Mutant("{\"not json", null));
          mutants.add(new Mutant("[1, 2, 3]", null));
          mutants.add(new Mutant(randomText(64), null));
        }
        for (Mutant mutant : mutants) {
          sent++;
          fieldsNamed += mutant.field() != null ? 1 : 0;
          check(wrong, op, m, concrete, mutant.body(), mutant.field());
        }
        Object someBody = body == null ? null : body.getJsonObject("content").containsKey("application/json")
            ? sample(document, resolve(document, body.getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema"))) : "";
        // Query parameters that break their schemas, the others (required ones) valid.
        for (Object p : parameters) {
          JsonObject parameter = resolve(document, (JsonObject) p);
          if (!"query".equals(parameter.getString("in"))) {
            continue;
          }
          for (String bad : badValues(resolve(document, parameter.getJsonObject("schema", new JsonObject())))) {
            sent++;
            String query = requiredQuery(document, parameters, parameter.getString("name"));
            // An upload or import looks at its body's type before its parameters: the error is 4xx, its field may differ.
            String field = body == null || isJson(body) ? parameter.getString("name") : null;
            fieldsNamed += field != null ? 1 : 0;
            check(wrong, op, m, concrete + "?" + query + parameter.getString("name") + "=" + encode(bad), someBody, field);
          }
        }
        // Path ids that break the pattern or the length.
        if (path.contains("{")) {
          for (String bad : List.of("bad id!", "x".repeat(41), "../../etc/passwd")) {
            sent++;
            check(wrong, op, m, path.replaceAll("\\{[^}]+}", encode(bad)), body == null ? null : new JsonObject(), null);
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
            check(wrong, op, m, concrete + query, null, null);
          }
        }
      }
    }
    assertThat(wrong).as("of " + sent + " malformed requests").isEmpty();
    assertThat(sent).isGreaterThan(900);
    assertThat(fieldsNamed).as("requests whose error must name the field").isGreaterThan(600);
  }

  private void check(List<String> wrong, JsonObject op, HttpMethod method, String path, Object body, String field) {
    ApiClient.Response response = owner.send(method, path, body);
    String what = op.getString("operationId") + " " + method + " " + path + " body=" + abbreviate(String.valueOf(body));
    if (response.status() < 400 || response.status() >= 500) {
      wrong.add(what + " -> " + response.status() + " " + abbreviate(response.text()));
      return;
    }
    JsonObject json = response.json();
    if (json == null || json.getJsonObject("error") == null || json.getJsonObject("error").getString("code") == null
        || json.getJsonObject("error").getString("message") == null || json.getString("requestId") == null) {
      wrong.add(what + " -> " + response.status() + " without a well-formed error body: " + abbreviate(response.text()));
      return;
    }
    String named = json.getJsonObject("error").getString("field");
    if (field != null && !field.equals(named)) {
      wrong.add(what + " -> field " + named + " named instead of " + field + ": " + abbreviate(response.text()));
    }
  }

  /**
   * Bodies that break {@code valid} one way each, at {@code at} (a JSON pointer) and, one level
   * down, in its nested objects and the first item of its arrays.
   */
  private List<Mutant> mutations(JsonObject document, JsonObject schema, JsonObject valid, String at) {
    List<Mutant> out = new ArrayList<>();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    if (!required.isEmpty()) {
      JsonObject missing = valid.copy();
      missing.remove(required.getString(0));
      out.add(new Mutant(missing, at + "/" + required.getString(0)));
    }
    if (Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
      String unknown = "unknownField" + random.nextInt(1000);
      out.add(new Mutant(valid.copy().put(unknown, "x"), at + "/" + unknown));
    }
    for (String name : properties.fieldNames()) {
      JsonObject property = resolve(document, properties.getJsonObject(name));
      String field = at + "/" + name;
      String type = typeOf(property);
      out.add(new Mutant(valid.copy().put(name, type.equals("string") ? (Object) 12345 : "not-a-" + type), field));
      for (String bad : badValues(property)) {
        Object value = type.equals("integer") || type.equals("number") ? parseNumber(bad) : bad;
        out.add(new Mutant(valid.copy().put(name, value), field));
      }
      if (type.equals("array") && property.getInteger("minItems", 0) > 0) {
        out.add(new Mutant(valid.copy().put(name, new JsonArray()), field));
      }
      if (at.isEmpty() && type.equals("object") && property.containsKey("properties")) {
        JsonObject inner = (JsonObject) sample(document, property);
        for (Mutant m : mutations(document, property, inner, field)) {
          out.add(new Mutant(valid.copy().put(name, m.body()), m.field()));
        }
      }
      if (at.isEmpty() && type.equals("array")) {
        JsonObject items = resolve(document, property.getJsonObject("items", new JsonObject()));
        if (typeOf(items).equals("object") && items.containsKey("properties")) {
          JsonObject first = (JsonObject) sample(document, items);
          for (Mutant m : mutations(document, items, first, field + "/0")) {
            out.add(new Mutant(valid.copy().put(name, new JsonArray().add(m.body())), m.field()));
          }
        }
      }
    }
    return out;
  }

  /** Values of the schema's type that break one of its limits (as text; numbers are parsed back). */
  private static List<String> badValues(JsonObject schema) {
    List<String> bad = new ArrayList<>();
    String type = typeOf(schema);
    if (schema.containsKey("enum")) {
      bad.add("no-such-value");
    }
    if (type.equals("string")) {
      if (schema.containsKey("maxLength")) {
        bad.add("y".repeat(schema.getInteger("maxLength") + 1));
      }
      if (schema.getInteger("minLength", 0) > 1) {
        bad.add("y");
      }
      if (schema.containsKey("pattern") && !Pattern.compile(schema.getString("pattern")).matcher("bad value!;").find()) {
        bad.add("bad value!;");
      }
    }
    if (type.equals("integer") || type.equals("number")) {
      if (schema.containsKey("minimum")) {
        bad.add(String.valueOf(((Number) schema.getValue("minimum")).longValue() - 1));
      }
      if (schema.containsKey("maximum")) {
        bad.add(String.valueOf(((Number) schema.getValue("maximum")).longValue() + 1));
      }
      bad.add("abc");
    }
    if (type.equals("boolean")) {
      bad.add("maybe");
    }
    return bad;
  }

  private static Object parseNumber(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /** The path with valid values for its parameters: an enum's first value, else an id that exists nowhere. */
  private String concretePath(JsonObject document, JsonArray parameters, String path) {
    String concrete = path;
    for (Object p : parameters) {
      JsonObject parameter = resolve(document, (JsonObject) p);
      if ("path".equals(parameter.getString("in"))) {
        JsonObject schema = resolve(document, parameter.getJsonObject("schema", new JsonObject()));
        concrete = concrete.replace("{" + parameter.getString("name") + "}",
            schema.containsKey("enum") ? String.valueOf(schema.getJsonArray("enum").getValue(0)) : "x-fuzz");
      }
    }
    return concrete.replaceAll("\\{[^}]+}", "x-fuzz");
  }

  /** The operation's other required query parameters, valid, as {@code a=1&b=2&}. */
  private String requiredQuery(JsonObject document, JsonArray parameters, String except) {
    StringBuilder query = new StringBuilder();
    for (Object p : parameters) {
      JsonObject parameter = resolve(document, (JsonObject) p);
      if ("query".equals(parameter.getString("in")) && parameter.getBoolean("required", false)
          && !parameter.getString("name").equals(except)) {
        query.append(parameter.getString("name")).append('=')
            .append(encode(String.valueOf(sample(document, resolve(document, parameter.getJsonObject("schema")))))).append('&');
      }
    }
    return query.toString();
  }

  /** A value the schema accepts: required properties only, the fewest array items, strings that fit. */
  private Object sample(JsonObject document, JsonObject schema) {
    switch (typeOf(schema)) {
      case "object" -> {
        JsonObject body = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (Object r : schema.getJsonArray("required", new JsonArray())) {
          body.put((String) r, sample(document, resolve(document, properties.getJsonObject((String) r, new JsonObject()))));
        }
        return body;
      }
      case "array" -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < schema.getInteger("minItems", 0); i++) {
          items.add(sample(document, resolve(document, schema.getJsonObject("items", new JsonObject()))));
        }
        return items;
      }
      case "integer", "number" -> {
        long value = schema.containsKey("minimum") ? ((Number) schema.getValue("minimum")).longValue() : 1;
        return schema.containsKey("maximum") ? Math.min(value, ((Number) schema.getValue("maximum")).longValue()) : value;
      }
      case "boolean" -> {
        return true;
      }
      default -> {
        return sampleString(schema);
      }
    }
  }

  private static Object sampleString(JsonObject schema) {
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    List<String> candidates = new ArrayList<>();
    switch (String.valueOf(schema.getValue("format"))) {
      case "email" -> candidates.add("fuzz@example.com");
      case "date-time" -> candidates.add("2026-01-01T00:00:00Z");
      case "ipv4" -> candidates.add("10.0.0.1");
      case "ipv6" -> candidates.add("fd00::1");
      default -> { }
    }
    candidates.addAll(STRING_CANDIDATES);
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    Pattern pattern = schema.containsKey("pattern") ? Pattern.compile(schema.getString("pattern")) : null;
    for (String candidate : candidates) {
      String value = candidate.length() >= min ? candidate : candidate + "a".repeat(min - candidate.length());
      if (value.length() <= max && (pattern == null || pattern.matcher(value).find())) {
        return value;
      }
    }
    throw new AssertionError("no sample string for " + schema.encode());
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

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String randomText(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) (random.nextInt(0x2FF) + 1));
    }
    return s.toString();
  }

  private static String abbreviate(String text) {
    return text == null ? "null" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }
}
