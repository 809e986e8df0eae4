package io.bmp.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick validator must agree with the library's on every parameter schema of the contract it
 * takes: the same yes and the same no, on values at and around each schema's limits, on random
 * strings and on values of the wrong type.
 */
class SimpleSchemaValidatorTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = ContractLoader.load(vertx, "openapi/bmp.yaml").await().contract();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void agreesWithTheLibraryOnEveryParameterSchemaItTakes() {
    SchemaRepository library = libraryRepository();
    Random random = new Random(7);
    int schemasTaken = 0;
    int valuesChecked = 0;
    int passed = 0;
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        JsonSchema schema = parameter.getSchema();
        Validator reference = library.validator(schema);
        Optional<Validator> quick = SimpleSchemaValidator.of(schema, reference);
        if (quick.isEmpty()) {
          continue;
        }
        schemasTaken++;
        SimpleSchemaValidator simple = (SimpleSchemaValidator) quick.get();
        for (Object value : candidates(schema, random)) {
          boolean expected = reference.validate(value).getValid();
          assertEquals(expected, simple.passes(value),
              operation.getOperationId() + " " + parameter.getName() + " " + schema.fieldNames() + " on " + describe(value));
          assertEquals(expected, simple.validate(value).getValid());
          valuesChecked++;
          passed += expected ? 1 : 0;
        }
      }
    }
    assertTrue(schemasTaken >= 40, "most parameter schemas are simple: " + schemasTaken);
    assertTrue(passed > 100 && passed < valuesChecked - 100, "both yes and no were tried: " + passed + " of " + valuesChecked);
  }

  @Test
  void agreesWithTheLibraryOnNumbersWithOneBoundOrNone() {
    Random random = new Random(11);
    for (String text : List.of("{\"type\":\"integer\"}", "{\"type\":\"integer\",\"minimum\":1}",
        "{\"type\":\"integer\",\"maximum\":10}", "{\"type\":\"number\"}", "{\"type\":\"number\",\"minimum\":-1.5}",
        "{\"type\":\"boolean\"}", "{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}")) {
      JsonSchema schema = JsonSchema.of(new io.vertx.core.json.JsonObject(text));
      Validator reference = Validator.create(schema, new io.vertx.json.schema.JsonSchemaOptions()
          .setDraft(io.vertx.json.schema.Draft.DRAFT202012).setBaseUri("app://"));
      SimpleSchemaValidator simple = (SimpleSchemaValidator) SimpleSchemaValidator.of(schema, reference).orElseThrow();
      for (Object value : candidates(schema, random)) {
        boolean expected = reference.validate(value).getValid();
        if (value instanceof Double d && !Double.isFinite(d)) {
          // Left to the library on purpose (it takes an infinity as a number): never a yes it would not give.
          assertFalse(simple.passes(value), text + " on " + describe(value));
          assertEquals(expected, simple.validate(value).getValid(), text + " on " + describe(value));
        } else {
          assertEquals(expected, simple.passes(value), text + " on " + describe(value));
        }
      }
    }
  }

  @Test
  void theDeviceListsParametersGetTheQuickPath() {
    Operation list = contract.operation("listDevices");
    for (String name : List.of("state", "roomId", "pageSize")) {
      Parameter parameter = list.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
      assertInstanceOf(SimpleSchemaValidator.class, contract.getSchemaRepository().validator(parameter.getSchema()), name);
    }
  }

  @Test
  void aRefusedValueGetsTheLibrarysOwnError() {
    Parameter state = contract.operation("listDevices").getParameters().stream()
        .filter(p -> p.getName().equals("state")).findFirst().orElseThrow();
    Validator validator = contract.getSchemaRepository().validator(state.getSchema());
    var refused = validator.validate("Ready;DROP");
    assertFalse(refused.getValid());
    assertEquals(libraryRepository().validator(state.getSchema()).validate("Ready;DROP").toJson(), refused.toJson());
  }

  /** The repository under the caching one: the library's validators, no quick path. */
  private static SchemaRepository libraryRepository() {
    try {
      var field = contract.getSchemaRepository().getClass().getDeclaredField("repository");
      field.setAccessible(true);
      return (SchemaRepository) field.get(contract.getSchemaRepository());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Object> candidates(JsonSchema schema, Random random) {
    List<Object> values = new ArrayList<>(List.of("", "a", "ready", "ready,in_use", "READY", "ready,", ",ready", "a b",
        "uefi", "bios", "uefi,bios", "bios,bios,uefi", "-name", "name", "a.b-c_d", "a/b", "设备-1", "x😀y", "12", "-3",
        "0".repeat(64), "f".repeat(63), "+86", "138 0000 0000", "2026-11-22T13:37:24Z", "true"));
    values.addAll(List.of(0, 1, -1, 20, 100, 1000, 1001, 5000L, Long.MAX_VALUE, 1.5, 2.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, -2.0, 1e300, true, false));
    Number min = schema.get("minimum");
    Number max = schema.get("maximum");
    for (Number bound : new Number[] {min, max}) {
      if (bound != null) {
        values.addAll(List.of(bound.intValue() - 1, bound.intValue(), bound.intValue() + 1, (long) bound.intValue()));
      }
    }
    Number minLength = schema.get("minLength");
    Number maxLength = schema.get("maxLength");
    for (Number bound : new Number[] {minLength, maxLength}) {
      if (bound != null) {
        for (int n = Math.max(0, bound.intValue() - 1); n <= bound.intValue() + 1; n++) {
          values.add("a".repeat(n));
          values.add("😀".repeat(n));
        }
      }
    }
    if (schema.get("enum") instanceof JsonArray allowed) {
      values.addAll(allowed.getList());
      allowed.forEach(v -> values.add(v + "x"));
    }
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-,:+ /";
    for (int i = 0; i < 60; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(s.toString());
    }
    return values;
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }
}
