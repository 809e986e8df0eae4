package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The image component's event-bus contract: the HTTP image store of one room (the origin runs as room {@code central}).
 *
 * <p>Served on {@code bmp.image.<room>}, one consumer per room. Actions so far: {@link
 * HealthContract#HEALTH}. Each action this component gains is added here with its request and
 * reply records, and those records are listed in {@link #RECORDS}.
 */
public final class ImageContract {

  public static final Component COMPONENT = Component.IMAGE;

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private ImageContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
