package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The tftp component's event-bus contract: TFTP boot files and per-MAC rendered boot configs of one room.
 *
 * <p>Served on {@code bmp.tftp.<room>}, one consumer per room. Actions so far: {@link
 * HealthContract#HEALTH}. Each action this component gains is added here with its request and
 * reply records, and those records are listed in {@link #RECORDS}.
 */
public final class TftpContract {

  public static final Component COMPONENT = Component.TFTP;

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private TftpContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
