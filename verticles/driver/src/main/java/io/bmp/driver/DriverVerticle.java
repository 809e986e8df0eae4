package io.bmp.driver;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The driver component: BMC access of one room over IPMI 2.0 and Redfish.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class DriverVerticle extends ComponentVerticle {

  public DriverVerticle() {
    super(Component.DRIVER);
  }
}
