package io.bmp.launcher;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/** Descriptors for test nodes, built from the packaged shapes with test-specific overrides. */
final class TestDescriptors {

  /** Room listeners on loopback and ports the system picks, so test nodes never collide or touch 67/69. */
  static final Map<String, String> NETBOOT_ON_FREE_PORTS = Map.of(
      "BMP_DHCP_HOST", "127.0.0.1", "BMP_DHCP_PORT", "0",
      "BMP_TFTP_HOST", "127.0.0.1", "BMP_TFTP_PORT", "0",
      "BMP_IMAGE_HOST", "127.0.0.1", "BMP_IMAGE_PORT", "0");

  private TestDescriptors() {}

  /** The packaged all-in-one shape, for room {@code room}, on a data dir and a free api port. */
  static Descriptor allInOne(String room, Path dataDir, int apiPort) {
    Map<String, String> env = new java.util.HashMap<>(NETBOOT_ON_FREE_PORTS);
    env.putAll(Map.of("BMP_API_PORT", String.valueOf(apiPort), "BMP_API_HOST", "127.0.0.1", "BMP_API_OPERATOR_PORT", "0"));
    return Descriptor.load(null).resolve(env, room, dataDir.toString());
  }

  /** The packaged central shape on the real MariaDB and Redis, in a cluster of its own. */
  static Descriptor central(Map<String, String> clusterEnv, JsonObject database, Path dataDir, int apiPort) {
    return central(clusterEnv, database, dataDir, apiPort, 0, "");
  }

  /** {@link #central} with its image origin on {@code imagePort}, taking uploads with {@code uploadToken}. */
  static Descriptor central(Map<String, String> clusterEnv, JsonObject database, Path dataDir, int apiPort, int imagePort,
      String uploadToken) {
    Descriptor d = Descriptor.load(Path.of("central"));
    d.json().put("database", database);
    java.util.Map<String, String> env = new java.util.HashMap<>(clusterEnv);
    env.put("BMP_API_PORT", String.valueOf(apiPort));
    env.put("BMP_API_HOST", "127.0.0.1");
    env.put("BMP_API_INSTANCES", "1");
    env.put("BMP_API_OPERATOR_PORT", "0");
    env.put("BMP_IMAGE_HOST", "127.0.0.1");
    env.put("BMP_IMAGE_PORT", String.valueOf(imagePort)); // the origin's store, beside the api's
    env.put("BMP_IMAGE_UPLOAD_TOKEN", uploadToken);
    env.put("BMP_CACHE_PREFIX", "bmp-test:" + java.util.UUID.randomUUID() + ":");
    env.put("BMP_AGENT_CHANNEL_PREFIX", "bmp-test." + java.util.UUID.randomUUID());
    env.put("BMP_AGENT_CHANNEL_QUEUE_EXPIRES_MILLIS", "600000"); // the broker drops this run's queues
    return d.resolve(env, null, dataDir.toString());
  }

  /** Environment that puts a node in a cluster of its own on loopback. */
  static Map<String, String> clusterEnv(String clusterName, int basePort) {
    return Map.of(
        "BMP_CLUSTER_NAME", clusterName,
        "BMP_CLUSTER_PORT", String.valueOf(basePort),
        "BMP_CLUSTER_MEMBERS", "127.0.0.1",
        "BMP_CLUSTER_INTERFACE", "127.0.0.1");
  }
}
