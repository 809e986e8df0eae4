package io.bmp.scheduler;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The scheduler component: the persisted, resumable task/step machine of every install, power and inventory flow.
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class SchedulerVerticle extends ComponentVerticle {

  public SchedulerVerticle() {
    super(Component.SCHEDULER);
  }
}
