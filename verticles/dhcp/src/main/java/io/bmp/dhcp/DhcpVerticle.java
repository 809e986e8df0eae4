package io.bmp.dhcp;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The dhcp component: the DHCPv4 server of one room, with PXE/iPXE boot selection.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class DhcpVerticle extends ComponentVerticle {

  public DhcpVerticle() {
    super(Component.DHCP);
  }
}
