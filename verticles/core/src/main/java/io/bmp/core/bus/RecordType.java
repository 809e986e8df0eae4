package io.bmp.core.bus;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A record class together with the function that reads it back from its JSON form. */
public record RecordType<T extends BusRecord>(Class<T> type, Function<JsonObject, T> fromJson) {

  public static <T extends BusRecord> RecordType<T> of(Class<T> type, Function<JsonObject, T> fromJson) {
    return new RecordType<>(type, fromJson);
  }
}
