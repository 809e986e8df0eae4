package io.bmp.launcher;

import io.bmp.core.contract.Component;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A deployment descriptor: which verticles a node runs, how many instances, with what config, and
 * whether the node is clustered. Read from JSON, then overridden by {@code BMP_…} environment
 * variables ({@link EnvOverrides}), then by command-line options, then checked: anything that
 * cannot run is a {@link DescriptorException} that names the key.
 *
 * <pre>
 * { "node":      { "name", "room", "clustered", "dataDir", "nativeTransport" },
 *   "cluster":   { "name", "interface", "port", "members", "publicAddress", "busPort", "busPublicHost", "busPublicPort", "config" },
 *   "database":  { "kind": "h2" | "mysql", … },
 *   "cache":     { "kind": "memory" | "redis", … },
 *   "agentChannel": { "kind": "local" | "rabbitmq", … },   (central and all-in-one nodes)
 *   "verticles": { "&lt;name&gt;": { "instances": 1, "config": { … } }, … } }   (instances 0: one per CPU)
 * </pre>
 */
final class Descriptor {

  static final String DEFAULT = "conf/all-in-one.json";
  private static final Set<String> SECTIONS = Set.of("node", "cluster", "database", "cache", "agentChannel", "verticles");
  private static final Set<String> NODE_KEYS = Set.of("name", "room", "clustered", "dataDir", "secretKey", "nativeTransport");
  private static final Set<String> ENTRY_KEYS = Set.of("instances", "config");

  /** One verticle to deploy. */
  record Entry(String name, int instances, JsonObject config) {}

  private final String source;
  private final JsonObject json;

  private Descriptor(String source, JsonObject json) {
    this.source = source;
    this.json = json;
  }

  /**
   * Reads a descriptor file; a bare shape name ({@code central}, {@code room}, {@code all-in-one})
   * that is not a file names the descriptor packaged in the jar, and null names all-in-one.
   */
  static Descriptor load(Path file) {
    if (file == null) {
      return packaged(DEFAULT);
    }
    String text = file.toString();
    if (!Files.exists(file) && text.matches("[a-z][a-z-]*")) {
      return packaged("conf/" + text + ".json");
    }
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new DescriptorException("descriptor " + file + " does not exist");
    } catch (IOException e) {
      throw new DescriptorException("cannot read descriptor " + file + ": " + e.getMessage());
    }
  }

  private static Descriptor packaged(String resource) {
    try (InputStream in = Descriptor.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new DescriptorException("no descriptor named " + resource + " is packaged (packaged: all-in-one, central, room)");
      }
      return parse(resource + " (packaged)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DescriptorException("cannot read the packaged descriptor " + resource + ": " + e.getMessage());
    }
  }

  /** The packaged shapes' JSON: every key they have is one an environment variable may set (EnvOverrides). */
  static List<JsonObject> packagedShapes() {
    return Stream.of("all-in-one", "central", "room").map(shape -> packaged("conf/" + shape + ".json").json()).toList();
  }

  static Descriptor parse(String source, String text) {
    try {
      return new Descriptor(source, new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      String reason = e.getMessage() == null ? "not a JSON object" : e.getMessage().lines().findFirst().orElse("");
      throw new DescriptorException("descriptor " + source + " is not valid JSON: " + reason);
    }
  }

  /** Environment overrides, then command-line ones (null means "not given"), then the checks. */
  Descriptor resolve(Map<String, String> env, String room, String dataDir) {
    checkShape();
    EnvOverrides.applyAliases(json, env);
    EnvOverrides.apply(json, env, packagedShapes());
    String only = env.get("BMP_VERTICLES");
    if (only != null && !only.isBlank()) {
      restrictTo(only);
    }
    if (room != null) {
      node().put("room", room);
    }
    if (dataDir != null) {
      node().put("dataDir", dataDir);
    }
    agentsReachThisNodesApi();
    validate();
    return this;
  }

  /**
   * A node running both the scheduler and the api on its own (all-in-one) tells the LiveOS agents to check in
   * at its own api, on whatever port that api was given ({@code BMP_API_PORT} included), unless
   * the descriptor names an agent endpoint itself.
   */
  private void agentsReachThisNodesApi() {
    JsonObject verticles = json.getJsonObject("verticles");
    if (node().getBoolean("clustered", false) || !(verticles.getValue("api") instanceof JsonObject api)
        || !(verticles.getValue("scheduler") instanceof JsonObject scheduler)) {
      return;
    }
    JsonObject config = scheduler.getJsonObject("config");
    if (config == null) {
      config = new JsonObject();
      scheduler.put("config", config);
    }
    JsonObject boot = config.getJsonObject("boot");
    if (boot == null) {
      boot = new JsonObject();
      config.put("boot", boot);
    }
    if (!boot.containsKey("agentEndpoint")) {
      int port = api.getJsonObject("config", new JsonObject()).getInteger("port", 8080);
      boot.put("agentEndpoint", "http://127.0.0.1:" + port + "/agent/v1");
    }
  }

  private void checkShape() {
    for (String key : json.fieldNames()) {
      if (!SECTIONS.contains(key)) {
        throw new DescriptorException(source + ": unknown section '" + key + "' (known: " + String.join(", ", SECTIONS.stream().sorted().toList()) + ")");
      }
      if (!(json.getValue(key) instanceof JsonObject)) {
        throw new DescriptorException(source + ": section '" + key + "' must be a JSON object");
      }
    }
    if (!json.containsKey("node")) {
      throw new DescriptorException(source + ": the required section 'node' is missing");
    }
    if (!json.containsKey("verticles")) {
      throw new DescriptorException(source + ": the required section 'verticles' is missing");
    }
    for (String key : node().fieldNames()) {
      if (!NODE_KEYS.contains(key)) {
        throw new DescriptorException(source + ": unknown key 'node." + key + "'");
      }
    }
    JsonObject verticles = json.getJsonObject("verticles");
    for (String name : verticles.fieldNames()) {
      if (!VerticleCatalog.knows(name)) {
        throw new DescriptorException(source + ": unknown verticle '" + name + "' (known: " + VerticleCatalog.names() + ")");
      }
      if (!(verticles.getValue(name) instanceof JsonObject entry)) {
        throw new DescriptorException(source + ": verticles." + name + " must be a JSON object");
      }
      for (String key : entry.fieldNames()) {
        if (!ENTRY_KEYS.contains(key)) {
          throw new DescriptorException(source + ": unknown key 'verticles." + name + "." + key + "' (known: config, instances)");
        }
      }
    }
  }

  private void restrictTo(String list) {
    JsonObject verticles = json.getJsonObject("verticles");
    JsonObject chosen = new JsonObject();
    for (String name : list.split(",")) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      if (!VerticleCatalog.knows(n)) {
        throw new DescriptorException("BMP_VERTICLES names unknown verticle '" + n + "' (known: " + VerticleCatalog.names() + ")");
      }
      chosen.put(n, verticles.getJsonObject(n, new JsonObject().put("instances", 1).put("config", new JsonObject())));
    }
    json.put("verticles", chosen);
  }

  private void validate() {
    Object name = node().getValue("name");
    if (!(name instanceof String s) || s.isBlank()) {
      throw new DescriptorException(source + ": the required key 'node.name' is missing or empty");
    }
    JsonObject verticles = json.getJsonObject("verticles");
    if (verticles.isEmpty()) {
      throw new DescriptorException(source + ": 'verticles' names no verticle to run");
    }
    BootSecrets.check(source, json);
    for (String verticle : verticles.fieldNames()) {
      Object instances = verticles.getJsonObject(verticle).getValue("instances", 1);
      boolean whole = instances instanceof Integer || instances instanceof Long;
      if (!whole || ((Number) instances).longValue() < 0 || ((Number) instances).longValue() > 64) {
        throw new DescriptorException(source + ": verticles." + verticle
            + ".instances must be a whole number from 1 to 64, or 0 for one per CPU");
      }
      boolean roomComponent = Component.byId(verticle).map(c -> c.scope() == Component.Scope.ROOM).orElse(false);
      String ownRoom = ownRoom(verticles.getJsonObject(verticle).getJsonObject("config"));
      if (roomComponent && room() == null && ownRoom == null) {
        throw new DescriptorException(source + ": verticle '" + verticle + "' serves a room: set node.room or --room");
      }
      if (ownRoom != null && !ownRoom.matches(ROOM_ID)) {
        throw new DescriptorException(source + ": verticles." + verticle + ".config.room '" + ownRoom
            + "' must be lower-case letters, digits and dashes");
      }
    }
    if (clustered()) {
      String members = cluster().getString("members", "");
      if (members.isBlank()) {
        throw new DescriptorException(source + ": a clustered node needs cluster.members (the Hazelcast members to join)");
      }
    }
    if (room() != null && !room().matches(ROOM_ID)) {
      throw new DescriptorException(source + ": room id '" + room() + "' must be lower-case letters, digits and dashes");
    }
  }

  /** The resolved descriptor as JSON (for diagnostics and tests). */
  JsonObject json() {
    return json;
  }

  String source() {
    return source;
  }

  JsonObject node() {
    return json.getJsonObject("node");
  }

  String name() {
    return node().getString("name");
  }

  private static final String ROOM_ID = "[a-z0-9][a-z0-9-]{0,31}";

  /**
   * The room a verticle's config names for it, or null: how central's image verticle, the
   * origin of every room's store, runs on a node that serves no room (it answers as room
   * {@code central}). A node's room applies to the verticles that name none.
   */
  static String ownRoom(JsonObject config) {
    String room = config == null ? null : config.getString("room");
    return room == null || room.isBlank() ? null : room;
  }

  /** The room this node serves, or null. */
  String room() {
    String room = node().getString("room");
    return room == null || room.isBlank() ? null : room;
  }

  boolean clustered() {
    return node().getBoolean("clustered", false);
  }

  /** Netty's native epoll transport where it loads (the default), else NIO. */
  boolean nativeTransport() {
    return node().getBoolean("nativeTransport", true);
  }

  Path dataDir() {
    return Path.of(node().getString("dataDir", "./data"));
  }

  /** The base64 secret key when configured (BMP_SECRET_KEY), else null: the data directory keeps one. */
  String secretKey() {
    String key = node().getString("secretKey");
    return key == null || key.isBlank() ? null : key;
  }

  JsonObject cluster() {
    return json.getJsonObject("cluster", new JsonObject());
  }

  /** The database section, or null when this node has no database (a room node). */
  JsonObject database() {
    return json.getJsonObject("database");
  }

  JsonObject cache() {
    return json.getJsonObject("cache");
  }

  /** The agent channel section, or null when this node has none (a room node). */
  JsonObject agentChannel() {
    return json.getJsonObject("agentChannel");
  }

  List<Entry> verticles() {
    List<Entry> entries = new ArrayList<>();
    JsonObject verticles = json.getJsonObject("verticles");
    for (String name : verticles.fieldNames()) {
      JsonObject entry = verticles.getJsonObject(name);
      int instances = entry.getInteger("instances", 1);
      // 0: one per CPU, for servers whose work is spread over event loops by their instances (image's sendfile).
      entries.add(new Entry(name, instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
          entry.getJsonObject("config", new JsonObject())));
    }
    return entries;
  }
}
