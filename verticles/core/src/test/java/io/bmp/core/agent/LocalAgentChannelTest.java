package io.bmp.core.agent;

import io.vertx.core.Vertx;

/** The agent channel suite on the in-process channel of all-in-one. */
class LocalAgentChannelTest extends AgentChannelSuite {

  @Override
  AgentChannel open(Vertx vertx) {
    return new LocalAgentChannel(vertx);
  }
}
