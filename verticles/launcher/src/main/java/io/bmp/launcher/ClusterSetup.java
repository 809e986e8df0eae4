package io.bmp.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Builds the Hazelcast cluster manager and event-bus options of a clustered node from {@code
 * conf/cluster.xml} (TCP-IP join over a member list; multicast never, as it does not cross rooms)
 * and the descriptor's {@code cluster} section, whose keys fill the XML's {@code ${bmp.cluster.*}}
 * placeholders.
 */
final class ClusterSetup {

  static final String DEFAULT_XML = "conf/cluster.xml";

  private ClusterSetup() {}

  static HazelcastClusterManager clusterManager(JsonObject cluster) {
    Properties properties = new Properties();
    properties.setProperty("bmp.cluster.name", cluster.getString("name", "bmp"));
    properties.setProperty("bmp.cluster.interface", cluster.getString("interface", "127.0.0.1"));
    properties.setProperty("bmp.cluster.port", String.valueOf(cluster.getInteger("port", 5701)));
    properties.setProperty("bmp.cluster.members", cluster.getString("members", "127.0.0.1"));
    properties.setProperty("bmp.cluster.joinWaitSeconds", String.valueOf(cluster.getInteger("joinWaitSeconds", 0)));
    Config config;
    try (InputStream xml = open(cluster.getString("config", ""))) {
      config = new XmlConfigBuilder(xml).setProperties(properties).build();
    } catch (IOException | RuntimeException e) {
      throw new DescriptorException("cannot read the cluster config: " + e.getMessage());
    }
    String publicAddress = cluster.getString("publicAddress", "");
    if (!publicAddress.isBlank()) {
      config.getNetworkConfig().setPublicAddress(publicAddress);
    }
    return new HazelcastClusterManager(config);
  }

  /** The event bus listens on the cluster interface; its public host/port are what other nodes dial. */
  static EventBusOptions eventBusOptions(JsonObject cluster) {
    EventBusOptions options = new EventBusOptions()
        .setHost(cluster.getString("interface", "127.0.0.1"))
        .setPort(cluster.getInteger("busPort", 0));
    String publicHost = cluster.getString("busPublicHost", "");
    if (!publicHost.isBlank()) {
      options.setClusterPublicHost(publicHost);
    }
    int publicPort = cluster.getInteger("busPublicPort", 0);
    if (publicPort > 0) {
      options.setClusterPublicPort(publicPort);
    }
    return options;
  }

  private static InputStream open(String path) throws IOException {
    if (!path.isBlank()) {
      return Files.newInputStream(Path.of(path));
    }
    InputStream packaged = ClusterSetup.class.getClassLoader().getResourceAsStream(DEFAULT_XML);
    if (packaged == null) {
      throw new IOException(DEFAULT_XML + " is missing from the jar");
    }
    return packaged;
  }
}
