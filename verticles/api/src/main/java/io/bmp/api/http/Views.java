package io.bmp.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bmp.core.domain.ApiKey;
import io.bmp.core.domain.SshKey;
import io.bmp.core.domain.User;
import io.bmp.core.storage.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * The JSON form of domain objects, as the OpenAPI document describes them. Secrets never appear:
 * password hashes, key hashes and encrypted credentials stay inside.
 */
public final class Views {

  private Views() {}

  public static String time(Instant instant) {
    return instant == null ? null : InstantText.format(instant);
  }

  public static <T> JsonObject page(Page<T> page, Function<T, JsonObject> view) {
    JsonArray items = new JsonArray();
    page.items().forEach(item -> items.add(view.apply(item)));
    return new JsonObject().put("items", items).put("pageNumber", page.pageNumber()).put("pageSize", page.pageSize())
        .put("totalCount", page.total());
  }

  /** {@link #page(Page, Function)} for views that write themselves (the busiest lists). */
  public static <T> JsonBody writtenPage(Page<T> page, JsonBody.Writer<T> view) {
    return new JsonBody() {
      @Override
      public void writeTo(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("items");
        for (T item : page.items()) {
          view.write(out, item);
        }
        out.writeEndArray();
        out.writeNumberField("pageNumber", page.pageNumber());
        out.writeNumberField("pageSize", page.pageSize());
        out.writeNumberField("totalCount", page.total());
        out.writeEndObject();
      }

      @Override
      public int expectedBytes() {
        return 256 + 1024 * page.items().size(); // a device is about 550 bytes with one NIC
      }
    };
  }

  public static <T> JsonObject items(Iterable<T> list, Function<T, JsonObject> view) {
    JsonArray items = new JsonArray();
    list.forEach(item -> items.add(view.apply(item)));
    return new JsonObject().put("items", items);
  }

  public static JsonObject user(User u) {
    return new JsonObject()
        .put("id", u.id())
        .put("username", u.username())
        .put("role", u.role().displayName())
        .put("email", u.email())
        .put("phonePrefix", u.phonePrefix())
        .put("phone", u.phone())
        .put("language", u.language())
        .put("timezone", u.timezone())
        .put("defaultProjectId", u.defaultProjectId())
        .put("description", u.description())
        .put("lastLoginAt", time(u.lastLoginAt()))
        .put("createdAt", time(u.createdAt()))
        .put("version", u.version());
  }

  public static JsonObject apiKey(ApiKey k) {
    return new JsonObject()
        .put("id", k.id())
        .put("name", k.name())
        .put("prefix", k.keyPrefix())
        .put("readOnly", k.readOnly())
        .put("lastUsedAt", time(k.lastUsedAt()))
        .put("createdAt", time(k.createdAt()));
  }

  public static JsonObject sshKey(SshKey k) {
    return new JsonObject()
        .put("id", k.id())
        .put("name", k.name())
        .put("publicKey", k.publicKey())
        .put("fingerprint", k.fingerprint())
        .put("createdAt", time(k.createdAt()));
  }
}
