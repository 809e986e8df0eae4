package io.bmp.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lets an environment variable replace any key of a descriptor: {@code BMP_<SECTION>_<KEY>} for
 * the sections ({@code BMP_DATABASE_HOST}, {@code BMP_CLUSTER_MEMBERS}, {@code BMP_NODE_DATA_DIR})
 * and {@code BMP_<VERTICLE>_<KEY>} for a verticle's config or instance count ({@code
 * BMP_API_PORT}, {@code BMP_MONITOR_PROXY_INSTANCES}). camelCase and dashes become upper-case
 * words joined by underscores. The value is read as the type the key has in the descriptor.
 */
final class EnvOverrides {

  private EnvOverrides() {}

  /** Every environment variable name the descriptor accepts, with the path of the key it sets. */
  static Map<String, String[]> names(JsonObject descriptor) {
    Map<String, String[]> names = new LinkedHashMap<>();
    for (String section : descriptor.fieldNames()) {
      Object value = descriptor.getValue(section);
      if (!(value instanceof JsonObject object)) {
        continue;
      }
      if (section.equals("verticles")) {
        for (String verticle : object.fieldNames()) {
          JsonObject entry = object.getJsonObject(verticle, new JsonObject());
          if (entry.containsKey("instances")) {
            names.put(envName(verticle, "instances"), new String[] {"verticles", verticle, "instances"});
          }
          collect(names, envName(verticle), entry.getJsonObject("config", new JsonObject()),
              new String[] {"verticles", verticle, "config"});
        }
      } else {
        collect(names, envName(section), object, new String[] {section});
      }
    }
    return names;
  }

  private static void collect(Map<String, String[]> names, String prefix, JsonObject object, String[] path) {
    for (String key : object.fieldNames()) {
      String[] keyPath = Arrays.copyOf(path, path.length + 1);
      keyPath[path.length] = key;
      String name = prefix + "_" + word(key);
      if (object.getValue(key) instanceof JsonObject nested) {
        collect(names, name, nested, keyPath);
      } else {
        names.put(name, keyPath);
      }
    }
  }

  /**
   * Short names for settings an operator sets often: {@code BMP_SECRET_KEY} (node.secretKey, the
   * key that encrypts stored credentials, the same on every node) and {@code BMP_ADMIN_PASSWORD}
   * (the first Owner's password, given to every api verticle). They apply whether or not the
   * descriptor lists the key.
   */
  static void applyAliases(JsonObject descriptor, Map<String, String> env) {
    String secret = env.get("BMP_SECRET_KEY");
    if (secret != null && descriptor.getValue("node") instanceof JsonObject node) {
      node.put("secretKey", secret);
    }
    String admin = env.get("BMP_ADMIN_PASSWORD");
    if (admin != null && descriptor.getValue("verticles") instanceof JsonObject verticles
        && verticles.getValue("api") instanceof JsonObject api) {
      JsonObject config = api.getJsonObject("config");
      if (config == null) {
        config = new JsonObject();
        api.put("config", config);
      }
      config.put("adminPassword", admin);
    }
  }

  /**
   * Applies the variables of {@code env} that name a key of the descriptor, or a key that one of
   * {@code shapes} (the packaged descriptors) has in a section or verticle the descriptor has, typed
   * as there. So {@code BMP_DATABASE_KIND=mysql BMP_DATABASE_HOST=db1} moves the all-in-one, whose
   * database section names only an H2 file, to a MySQL server on db1: before, the host was ignored
   * without a word and the node went to 127.0.0.1.
   */
  static void apply(JsonObject descriptor, Map<String, String> env, List<JsonObject> shapes) {
    Map<String, String[]> paths = new LinkedHashMap<>(names(descriptor));
    Map<String, JsonObject> typedBy = new HashMap<>(); // the descriptor's own keys are typed by the descriptor
    for (JsonObject shape : shapes) {
      names(shape).forEach((name, path) -> {
        if (hasOwner(descriptor, path) && paths.putIfAbsent(name, path) == null) {
          typedBy.put(name, shape); // the first shape that has the key types it
        }
      });
    }
    paths.forEach((name, path) -> {
      String raw = env.get(name);
      JsonObject parent = raw == null ? null : parentCreated(descriptor, path);
      if (parent == null) {
        return;
      }
      String key = path[path.length - 1];
      parent.put(key, coerce(name, raw, parent(typedBy.getOrDefault(name, descriptor), path).getValue(key)));
    });
  }

  /** The object holding the key, created where missing; null where the descriptor gives the path another shape. */
  private static JsonObject parentCreated(JsonObject root, String[] path) {
    JsonObject parent = root;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = parent.getValue(path[i]);
      if (next == null) {
        next = new JsonObject();
        parent.put(path[i], next);
      } else if (!(next instanceof JsonObject)) {
        return null;
      }
      parent = (JsonObject) next;
    }
    return parent;
  }

  /** The section ({@code database}) or verticle ({@code verticles.api}) the key belongs to is in the descriptor. */
  private static boolean hasOwner(JsonObject descriptor, String[] path) {
    Object section = descriptor.getValue(path[0]);
    if (!(section instanceof JsonObject sectionObject)) {
      return false;
    }
    return !path[0].equals("verticles") || sectionObject.getValue(path[1]) instanceof JsonObject;
  }

  private static JsonObject parent(JsonObject root, String[] path) {
    JsonObject parent = root;
    for (int i = 0; i < path.length - 1; i++) {
      parent = parent.getJsonObject(path[i]);
    }
    return parent;
  }

  private static Object coerce(String name, String raw, Object current) {
    String value = raw.trim();
    if (current instanceof Integer || current instanceof Long) {
      try {
        return current instanceof Integer ? Integer.parseInt(value) : Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new DescriptorException(name + " must be a whole number, not '" + raw + "'");
      }
    }
    if (current instanceof Boolean) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new DescriptorException(name + " must be true or false, not '" + raw + "'");
    }
    if (current instanceof Number) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new DescriptorException(name + " must be a number, not '" + raw + "'");
      }
    }
    if (current instanceof JsonArray) {
      JsonArray list = new JsonArray();
      Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
      return list;
    }
    return raw;
  }

  static String envName(String... words) {
    StringBuilder name = new StringBuilder("BMP");
    for (String word : words) {
      name.append('_').append(word(word));
    }
    return name.toString();
  }

  /** {@code dataDir} to {@code DATA_DIR}, {@code monitor-proxy} to {@code MONITOR_PROXY}. */
  static String word(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
