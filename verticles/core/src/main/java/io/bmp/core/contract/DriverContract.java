package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The driver component's event-bus contract: BMC access of one room (power, boot device, sensors, event log) over IPMI and Redfish.
 *
 * <p>Served on {@code bmp.driver.<room>}, one consumer per room. Actions so far: {@link
 * HealthContract#HEALTH}. Each action this component gains is added here with its request and
 * reply records, and those records are listed in {@link #RECORDS}.
 */
public final class DriverContract {

  public static final Component COMPONENT = Component.DRIVER;

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private DriverContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
