package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The image component's event-bus contract: the HTTP image store of one room (the origin runs as room {@code central}).
 *
 * <p>Served on {@code bmp.image.<room>}, one consumer per room. Actions: {@link #PIN}, {@link #UNPIN}
 * and {@link HealthContract#HEALTH}. A room's store is a bounded pull-through cache of the origin;
 * a pinned file is never evicted, so the scheduler pins the image an install is writing until the
 * install ends.
 */
public final class ImageContract {

  public static final Component COMPONENT = Component.IMAGE;

  /**
   * {@link Pin} in, {@link PinState} out: keeps a stored file (a path relative to the store, such as
   * {@code <imageId>/<file>}) from eviction for a holder. Pinning a file the room does not hold yet
   * pulls it from the origin first; the call fails with NOT_FOUND if the origin has none either.
   */
  public static final String PIN = "pin";
  /** {@link Pin} in, {@link PinState} out: the holder's pin is gone (unpinning twice is fine). */
  public static final String UNPIN = "unpin";

  /** A holder (a task id, say) and the file it needs kept. */
  public record Pin(String path, String holder) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("path", path).put("holder", holder);
    }

    public static Pin fromJson(JsonObject json) {
      return new Pin(json.getString("path"), json.getString("holder"));
    }
  }

  /** The file after a call: whether the room holds it, its size and SHA-256, and how many holders pin it. */
  public record PinState(String room, String path, boolean present, long bytes, String sha256, int pins)
      implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("path", path).put("present", present).put("bytes", bytes)
          .put("sha256", sha256).put("pins", pins);
    }

    public static PinState fromJson(JsonObject json) {
      return new PinState(json.getString("room"), json.getString("path"), json.getBoolean("present", false),
          json.getLong("bytes", 0L), json.getString("sha256"), json.getInteger("pins", 0));
    }
  }

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of(
      RecordType.of(Pin.class, Pin::fromJson),
      RecordType.of(PinState.class, PinState::fromJson));

  private ImageContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
