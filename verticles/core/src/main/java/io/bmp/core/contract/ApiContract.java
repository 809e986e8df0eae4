package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The api component's event-bus contract: the REST API and consoles; it publishes progress for the consoles on {@link #EVENTS}.
 *
 * <p>Served on {@link #ADDRESS}. Actions so far: {@link HealthContract#HEALTH}. Each action this
 * component gains is added here with its request and reply records, and those records are listed
 * in {@link #RECORDS}.
 */
public final class ApiContract {

  public static final Component COMPONENT = Component.API;

  public static final String ADDRESS = COMPONENT.address(null);

  /** Published progress and state changes for the consoles' live views. */
  public static final String EVENTS = "bmp.api.events";

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private ApiContract() {}

  public static Endpoint endpoint() {
    return COMPONENT.endpoint(null);
  }
}
