package io.bmp.monitorproxy;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The monitor-proxy component: in-band metrics pushed by guest-OS monitors, exposed to Prometheus.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class MonitorProxyVerticle extends ComponentVerticle {

  public MonitorProxyVerticle() {
    super(Component.MONITOR_PROXY);
  }
}
