package io.bmp.launcher;

import io.vertx.core.json.JsonObject;

/**
 * Every provisioning flow of {@link ProvisioningTest} again with the scheduler and the agent gateway
 * talking through RabbitMQ (127.0.0.1:5672, queues of this run's own), as on a central node.
 */
class ProvisioningOnRabbitTest extends ProvisioningTest {

  @Override
  JsonObject agentChannel() {
    return new JsonObject().put("kind", "rabbitmq").put("uri", "amqp://guest:guest@127.0.0.1:5672")
        .put("prefix", "bmp-test." + System.nanoTime()).put("pollMillis", 50)
        .put("queueExpiresMillis", 600_000); // the broker drops this run's queues ten minutes after it
  }
}
