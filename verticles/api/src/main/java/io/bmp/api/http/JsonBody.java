package io.bmp.api.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reply body that writes itself through Jackson's streaming generator straight into the
 * response's bytes. The device list, the busiest read of the platform, spent a quarter of its CPU
 * building a {@code JsonObject} (a hash map) per device and then walking it again to encode it;
 * written field by field it does neither. A view written this way is also the source of its
 * {@code JsonObject} form ({@link #toJsonObject}), so each view's fields are listed once.
 */
@FunctionalInterface
public interface JsonBody {

  void writeTo(JsonGenerator out) throws IOException;

  /** Writes one {@code T} as JSON. */
  @FunctionalInterface
  interface Writer<T> {
    void write(JsonGenerator out, T value) throws IOException;
  }

  /**
   * About how many bytes the body takes: the reply's buffer starts this large. A page of 20 devices
   * (11 KB) written into the default 4 KB grew it twice and copied what it held each time.
   */
  default int expectedBytes() {
    return 4096;
  }

  /** The body as UTF-8 bytes. */
  default Buffer toBuffer() {
    ByteBufOutputStream bytes = new ByteBufOutputStream(Unpooled.buffer(expectedBytes()));
    try (JsonGenerator out = Factory.JSON.createGenerator((java.io.OutputStream) bytes, JsonEncoding.UTF8)) {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a reply body could not be written", e);
    }
    return BufferInternal.buffer(bytes.buffer());
  }

  default JsonObject toJsonObject() {
    return new JsonObject(toBuffer());
  }

  /**
   * A field name encoded once: Jackson copies its UTF-8 bytes instead of encoding the name's
   * characters again for every row (a twelfth of the device list's CPU went to field names).
   */
  static SerializableString name(String name) {
    return new SerializedString(name);
  }

  /** A field whose value may be null, a string, a number or a boolean. */
  static void field(JsonGenerator out, SerializableString name, Object value) throws IOException {
    out.writeFieldName(name);
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Integer i) {
      out.writeNumber(i);
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else {
      throw new IllegalArgumentException("not a simple JSON value: " + value.getClass().getName());
    }
  }

  /** One factory for the process: it holds Jackson's shared symbol and buffer recyclers. */
  final class Factory {
    static final JsonFactory JSON = new JsonFactory();

    private Factory() {}
  }
}
