package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The dhcp component's event-bus contract: DHCPv4 reservations and PXE boot selection of one room.
 *
 * <p>Served on {@code bmp.dhcp.<room>}, one consumer per room. Actions so far: {@link
 * HealthContract#HEALTH}. Each action this component gains is added here with its request and
 * reply records, and those records are listed in {@link #RECORDS}.
 */
public final class DhcpContract {

  public static final Component COMPONENT = Component.DHCP;

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private DhcpContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
