package io.bmp.scheduler;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's configuration: step timeouts and attempts, the retry back-off, how long an agent
 * running a command may be silent before it counts as lost (it reports at least every 2 s), how
 * often it looks for tasks nobody runs and for changed driver watch lists (0: central sends none),
 * and what a LiveOS boot needs to know per room (where the room's image server and the agent
 * gateway are, which kernel and initrd to load).
 */
record SchedulerSettings(Map<StepKind, StepPolicy> policies, long retryBaseMillis, long retryMaxMillis,
    long agentSilenceMillis, long sweepMillis, long watchSyncMillis, Duration liveosTokenTtl, Boot boot,
    JsonObject rooms) {

  /** The LiveOS boot of one room: its image server's base URL, the agent gateway, kernel, initrd and extra arguments. */
  record Boot(String imageUrl, String agentEndpoint, String kernel, String initrd, List<String> kernelArgs) {

    Boot with(JsonObject override) {
      if (override == null) {
        return this;
      }
      return new Boot(override.getString("imageUrl", imageUrl), override.getString("agentEndpoint", agentEndpoint),
          override.getString("kernel", kernel), override.getString("initrd", initrd),
          override.containsKey("kernelArgs") ? strings(override.getJsonArray("kernelArgs")) : kernelArgs);
    }

    String url(String relative) {
      return imageUrl.replaceAll("/+$", "") + "/" + relative.replaceAll("^/+", "");
    }
  }

  static SchedulerSettings fromJson(JsonObject config) {
    JsonObject steps = config.getJsonObject("steps", new JsonObject());
    Map<StepKind, StepPolicy> policies = new EnumMap<>(StepKind.class);
    for (String name : steps.fieldNames()) {
      if (StepKind.fromWire(name).isEmpty()) {
        throw new BmpException(ErrorCode.CONFIG_INVALID, "scheduler.steps." + name + " is not a step kind");
      }
    }
    for (StepKind kind : StepKind.values()) {
      policies.put(kind, kind.defaults().with(steps.getJsonObject(kind.wire())));
    }
    JsonObject boot = config.getJsonObject("boot", new JsonObject());
    Boot defaults = new Boot(boot.getString("imageUrl", "http://127.0.0.1:8082"),
        boot.getString("agentEndpoint", "http://127.0.0.1:8080/agent/v1"),
        boot.getString("kernel", "liveos/vmlinuz"), boot.getString("initrd", "liveos/initrd.img"),
        strings(boot.getJsonArray("kernelArgs", new JsonArray())));
    long silence = config.getLong("agentSilenceMillis", 120_000L);
    if (silence <= 0) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "scheduler.agentSilenceMillis must be positive");
    }
    return new SchedulerSettings(policies, config.getLong("retryBaseMillis", 2000L), config.getLong("retryMaxMillis", 60_000L),
        silence, config.getLong("sweepMillis", 30_000L), config.getLong("watchSyncMillis", 30_000L), Duration.ofMinutes(config.getLong("liveosTokenMinutes", 240L)), defaults,
        config.getJsonObject("rooms", new JsonObject()));
  }

  StepPolicy policy(StepKind kind) {
    return policies.get(kind);
  }

  Boot boot(String room) {
    JsonObject perRoom = rooms.getJsonObject(room);
    return boot.with(perRoom == null ? null : perRoom.getJsonObject("boot"));
  }

  /** The pause before attempt {@code next} (2, 3, …): doubling from the base, capped. */
  long backoffMillis(int next) {
    long pause = retryBaseMillis << Math.min(20, Math.max(0, next - 2));
    return Math.min(pause, retryMaxMillis);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
