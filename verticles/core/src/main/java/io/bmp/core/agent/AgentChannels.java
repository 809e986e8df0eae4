package io.bmp.core.agent;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Opens the agent channel a descriptor's {@code agentChannel} section names. */
public final class AgentChannels {

  private AgentChannels() {}

  public static Future<AgentChannel> open(Vertx vertx, JsonObject section) {
    String kind = section.getString("kind", "local");
    return switch (kind) {
      case "local" -> Future.succeededFuture(new LocalAgentChannel(vertx));
      case "rabbitmq" -> RabbitAgentChannel.open(vertx, RabbitAgentChannel.Settings.from(section));
      default -> Future.failedFuture(new BmpException(ErrorCode.CONFIG_INVALID,
          "agentChannel.kind must be local or rabbitmq, not " + kind));
    };
  }
}
