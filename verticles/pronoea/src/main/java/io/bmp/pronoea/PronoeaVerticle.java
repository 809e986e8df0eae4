package io.bmp.pronoea;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The pronoea component: Alertmanager webhooks into alert records and notifications; alert rules into Prometheus rule files.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class PronoeaVerticle extends ComponentVerticle {

  public PronoeaVerticle() {
    super(Component.PRONOEA);
  }
}
