package io.bmp.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A quick yes for values of a one-type schema with only length, pattern, range and enum rules:
 * the query and path parameters of the contract. A value it cannot pass is handed to the
 * library's validator, so every error a client sees is still the library's own.
 *
 * <p>Why: vertx-json-schema 5.0.8 walks every keyword of the draft for each value and compiles a
 * {@code pattern} anew on every call; on the device list its parameter checks were a tenth of the
 * api's CPU. Here the pattern is compiled once and only the schema's own rules are looked at.
 * The rules are the library's: a length counts code points, a pattern is found anywhere in the
 * value (ECMA-262 as Java reads it), an integer is any number without a fraction.
 * {@code SimpleSchemaValidatorTest} checks every simple parameter schema of the contract against
 * the library on valid and invalid values.
 */
final class SimpleSchemaValidator implements Validator {

  /** Keywords this validator understands; a schema with any other is left to the library. */
  private static final Set<String> KEYWORDS = Set.of("type", "minLength", "maxLength", "pattern", "enum",
      "minimum", "maximum", "default", "description", "title", "example", "examples");

  private enum Type { STRING, INTEGER, NUMBER, BOOLEAN }

  private final Validator library;
  private final Type type;
  private final Integer minLength;
  private final Integer maxLength;
  private final Pattern pattern;
  private final List<String> allowed;
  private final Double minimum;
  private final Double maximum;

  private SimpleSchemaValidator(Validator library, Type type, Integer minLength, Integer maxLength, Pattern pattern,
      List<String> allowed, Double minimum, Double maximum) {
    this.library = library;
    this.type = type;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.pattern = pattern;
    this.allowed = allowed;
    this.minimum = minimum;
    this.maximum = maximum;
  }

  /** A quick validator in front of {@code library} if the schema is simple enough; empty otherwise. */
  static Optional<Validator> of(JsonSchema schema, Validator library) {
    try {
      return Optional.ofNullable(simple(schema, library));
    } catch (ClassCastException | PatternSyntaxException e) {
      return Optional.empty(); // an odd keyword value: the library knows what to say about it
    }
  }

  private static SimpleSchemaValidator simple(JsonSchema schema, Validator library) {
    Set<String> keys = schema.fieldNames();
    if (keys == null || !keys.stream().filter(JsonSchema.EXCLUDE_ANNOTATIONS).allMatch(KEYWORDS::contains)) {
      return null;
    }
    Object typeName = schema.get("type");
    Type type = typeName instanceof String s ? switch (s) {
      case "string" -> Type.STRING;
      case "integer" -> Type.INTEGER;
      case "number" -> Type.NUMBER;
      case "boolean" -> Type.BOOLEAN;
      default -> null;
    } : null;
    if (type == null) {
      return null;
    }
    List<String> allowed = null;
    if (schema.containsKey("enum")) {
      JsonArray values = schema.get("enum");
      if (type != Type.STRING || !values.stream().allMatch(String.class::isInstance)) {
        return null;
      }
      allowed = values.stream().map(String.class::cast).toList();
    }
    String pattern = schema.get("pattern");
    return new SimpleSchemaValidator(library, type, integer(schema, "minLength"), integer(schema, "maxLength"),
        pattern == null ? null : Pattern.compile(pattern), allowed, number(schema, "minimum"), number(schema, "maximum"));
  }

  private static Integer integer(JsonSchema schema, String key) {
    Number n = schema.get(key);
    return n == null ? null : n.intValue();
  }

  private static Double number(JsonSchema schema, String key) {
    Number n = schema.get(key);
    return n == null ? null : n.doubleValue();
  }

  @Override
  public OutputUnit validate(Object instance) {
    return passes(instance) ? new OutputUnit(true) : library.validate(instance);
  }

  boolean passes(Object instance) {
    return switch (type) {
      case STRING -> instance instanceof String s && lengthPasses(s) && (pattern == null || pattern.matcher(s).find())
          && (allowed == null || allowed.contains(s));
      // An infinity or NaN (a query's 1e400 decodes to one) is left to the library, whatever the type.
      case INTEGER -> (instance instanceof Integer || instance instanceof Long
          || instance instanceof Double d && Double.isFinite(d) && d % 1 == 0) && rangePasses((Number) instance);
      case NUMBER -> (instance instanceof Integer || instance instanceof Long
          || instance instanceof Double d && Double.isFinite(d)) && rangePasses((Number) instance);
      case BOOLEAN -> instance instanceof Boolean;
    };
  }

  private boolean lengthPasses(String s) {
    if (minLength == null && maxLength == null) {
      return true;
    }
    int length = s.codePointCount(0, s.length());
    return (minLength == null || length >= minLength) && (maxLength == null || length <= maxLength);
  }

  private boolean rangePasses(Number n) {
    double value = n.doubleValue();
    return (minimum == null || value >= minimum) && (maximum == null || value <= maximum);
  }
}
