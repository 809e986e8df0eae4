package io.bmp.tftp;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The tftp component: the read-only TFTP server of one room, with per-MAC rendered boot configs.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class TftpVerticle extends ComponentVerticle {

  public TftpVerticle() {
    super(Component.TFTP);
  }
}
