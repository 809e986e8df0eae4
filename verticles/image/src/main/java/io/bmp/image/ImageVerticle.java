package io.bmp.image;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;

/**
 * The image component: the HTTP image store of one room (and of central, as origin).
 *
 * <p>So far it deploys, serves its contract address (the health action) and reports into the
 * node's health; its behaviour arrives with its own issue (see docs/architecture.md).
 */
public final class ImageVerticle extends ComponentVerticle {

  public ImageVerticle() {
    super(Component.IMAGE);
  }
}
