package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The pronoea component's event-bus contract: alerts from Alertmanager into records and notifications, alert rules into Prometheus rules.
 *
 * <p>Served on {@link #ADDRESS}. Actions so far: {@link HealthContract#HEALTH}. Each action this
 * component gains is added here with its request and reply records, and those records are listed
 * in {@link #RECORDS}.
 */
public final class PronoeaContract {

  public static final Component COMPONENT = Component.PRONOEA;

  public static final String ADDRESS = COMPONENT.address(null);

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private PronoeaContract() {}

  public static Endpoint endpoint() {
    return COMPONENT.endpoint(null);
  }
}
