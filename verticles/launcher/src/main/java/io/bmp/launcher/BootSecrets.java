package io.bmp.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a descriptor whose LiveOS boot settings (the scheduler's {@code boot}, per room too)
 * contain one of the node's own credentials: the database password, the broker's and the cache's,
 * the secret key, the image store's upload token. Boot configs travel in clear text over TFTP and
 * HTTP and end on a kernel command line; {@code BootProfile} refuses what looks like a credential,
 * and this compares with the credentials themselves. The error names the credential, never its value.
 */
final class BootSecrets {

  /** Shorter values would match ordinary words; real credentials are longer. */
  private static final int SHORTEST = 6;

  private BootSecrets() {}

  static void check(String source, JsonObject descriptor) {
    Map<String, String> secrets = secrets(descriptor);
    JsonObject verticles = descriptor.getJsonObject("verticles", new JsonObject());
    JsonObject scheduler = verticles.getValue("scheduler") instanceof JsonObject s ? s.getJsonObject("config") : null;
    if (scheduler == null || secrets.isEmpty()) {
      return;
    }
    Map<String, Object> boots = new LinkedHashMap<>();
    boots.put("verticles.scheduler.config.boot", scheduler.getValue("boot"));
    if (scheduler.getValue("rooms") instanceof JsonObject rooms) {
      for (String room : rooms.fieldNames()) {
        if (rooms.getValue(room) instanceof JsonObject r) {
          boots.put("verticles.scheduler.config.rooms." + room + ".boot", r.getValue("boot"));
        }
      }
    }
    for (Map.Entry<String, Object> boot : boots.entrySet()) {
      List<String> texts = new ArrayList<>();
      strings(boot.getValue(), texts);
      for (String text : texts) {
        String decoded = decoded(text);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
          if (text.contains(secret.getValue()) || decoded.contains(secret.getValue())) {
            throw new DescriptorException(source + ": " + boot.getKey() + " carries " + secret.getKey()
                + "; boot configs travel in clear text and end on a kernel command line");
          }
        }
      }
    }
  }

  private static Map<String, String> secrets(JsonObject descriptor) {
    Map<String, String> secrets = new LinkedHashMap<>();
    JsonObject database = descriptor.getJsonObject("database", new JsonObject());
    put(secrets, "the database password", database.getValue("password"));
    put(secrets, "the node's secret key", descriptor.getJsonObject("node", new JsonObject()).getValue("secretKey"));
    put(secrets, "the broker's password", passwordOf(descriptor.getJsonObject("agentChannel", new JsonObject()).getValue("uri")));
    put(secrets, "the cache's password", passwordOf(descriptor.getJsonObject("cache", new JsonObject()).getValue("url")));
    JsonObject verticles = descriptor.getJsonObject("verticles", new JsonObject());
    put(secrets, "the events broker's password", passwordOf(config(verticles, "scheduler").getJsonObject("events",
        new JsonObject()).getValue("uri")));
    put(secrets, "the image store's upload token", config(verticles, "image").getValue("uploadToken"));
    put(secrets, "the image origin's upload token", config(verticles, "api").getValue("imageOriginToken"));
    return secrets;
  }

  private static JsonObject config(JsonObject verticles, String name) {
    return verticles.getValue(name) instanceof JsonObject v && v.getValue("config") instanceof JsonObject c ? c : new JsonObject();
  }

  private static void put(Map<String, String> secrets, String name, Object value) {
    if (value instanceof String s && s.length() >= SHORTEST) {
      secrets.put(name, s);
    }
  }

  /** The password of {@code scheme://user:password@host}, decoded; null when there is none. */
  private static String passwordOf(Object uri) {
    if (!(uri instanceof String text) || text.isBlank()) {
      return null;
    }
    try {
      String userInfo = URI.create(text).getRawUserInfo();
      int colon = userInfo == null ? -1 : userInfo.indexOf(':');
      return colon < 0 ? null : decoded(userInfo.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void strings(Object value, List<String> into) {
    if (value instanceof String s) {
      into.add(s);
    } else if (value instanceof JsonArray array) {
      array.forEach(v -> strings(v, into));
    } else if (value instanceof JsonObject object) {
      object.forEach(e -> strings(e.getValue(), into));
    }
  }

  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
