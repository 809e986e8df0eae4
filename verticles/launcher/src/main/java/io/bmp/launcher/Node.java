package io.bmp.launcher;

import io.bmp.core.bus.Codecs;
import io.bmp.core.agent.AgentChannel;
import io.bmp.core.agent.AgentChannels;
import io.bmp.core.cache.Cache;
import io.bmp.core.cache.CacheConfig;
import io.bmp.core.cache.Caches;
import io.bmp.core.contract.NodeInfo;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.health.NodeHealth;
import io.bmp.core.node.NodeResources;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.DatabaseConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: a Vert.x (clustered or not), the database and cache its descriptor names, and
 * its verticles, deployed in descriptor order and undeployed in reverse. The launcher's only
 * logic; the verticles know nothing of the shape they run in.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Descriptor descriptor;
  private final NodeInfo info;
  private final String metricsRegistry;
  private final List<String> deployments = new ArrayList<>();
  private Vertx vertx;
  private Database database;
  private Cache cache;
  private AgentChannel agents;
  private final List<Supplier<Future<Void>>> beforeStop = new ArrayList<>();

  private Node(Descriptor descriptor) {
    this.descriptor = descriptor;
    String id = UUID.randomUUID().toString();
    this.info = new NodeInfo(id, descriptor.name(), descriptor.room(),
        descriptor.verticles().stream().map(Descriptor.Entry::name).toList());
    this.metricsRegistry = "bmp-" + id;
  }

  /** Starts a node; on any failure, what was started is stopped again and the failure is returned. */
  static Future<Node> start(Descriptor descriptor) {
    Node node = new Node(descriptor);
    return node.boot().transform(result -> result.succeeded() ? Future.succeededFuture(node)
        : node.stop().transform(ignored -> Future.failedFuture(result.cause())));
  }

  private Future<Void> boot() {
    try {
      Files.createDirectories(descriptor.dataDir());
    } catch (IOException e) {
      return Future.failedFuture(new BmpException(ErrorCode.CONFIG_INVALID,
          "cannot create the data directory " + descriptor.dataDir() + ": " + e.getMessage()));
    }
    return buildVertx()
        .compose(v -> {
          vertx = v;
          Codecs.registerAll(vertx);
          return loadSecrets();
        })
        .compose(v -> openDatabase())
        .compose(v -> openCache())
        .compose(v -> openAgentChannel())
        .compose(v -> NodeHealth.start(vertx, info))
        .compose(health -> {
          if (database != null) {
            health.register("database", () -> database.ping().map(ok -> new JsonObject().put("database", database.config().describe())));
          }
          if (cache != null) {
            health.register("cache", () -> cache.ping().map(ok -> new JsonObject().put("cache", cache.describe())));
          }
          return deployAll();
        })
        .onSuccess(v -> LOG.info("NODE-UP {}", summary()));
  }

  private Future<Vertx> buildVertx() {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName(metricsRegistry)
        // Per-route latency and status counts; routes are templates, so the label stays bounded.
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(descriptor.nativeTransport());
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory());
    if (!descriptor.clustered()) {
      return Future.succeededFuture(builder.with(options).build());
    }
    options.setEventBusOptions(ClusterSetup.eventBusOptions(descriptor.cluster()));
    return builder.with(options)
        .withClusterManager(ClusterSetup.clusterManager(descriptor.cluster()))
        .buildClustered()
        .recover(failure -> Future.failedFuture(new BmpException(ErrorCode.CONFIG_INVALID,
            "cannot join the cluster: " + failure.getMessage(), failure)));
  }

  /** The key that encrypts stored credentials: BMP_SECRET_KEY, else {@code <data>/secret.key}. */
  private Future<Void> loadSecrets() {
    return vertx.<SecretBox>executeBlocking(() -> SecretBox.load(descriptor.secretKey(),
            descriptor.dataDir().resolve("secret.key")), false)
        .map(box -> {
          NodeResources.of(vertx).install(box);
          return null;
        });
  }

  private Future<Void> openDatabase() {
    JsonObject section = descriptor.database();
    if (section == null) {
      return Future.succeededFuture();
    }
    DatabaseConfig config = DatabaseConfig.fromJson(section, descriptor.dataDir());
    return Database.open(vertx, config).map(db -> {
      database = db;
      NodeResources.of(vertx).install(db);
      return null;
    });
  }

  private Future<Void> openCache() {
    JsonObject section = descriptor.cache();
    if (section == null) {
      return Future.succeededFuture();
    }
    return Caches.open(vertx, CacheConfig.fromJson(section)).map(c -> {
      cache = c;
      NodeResources.of(vertx).install(c);
      return null;
    });
  }

  private Future<Void> openAgentChannel() {
    JsonObject section = descriptor.agentChannel();
    if (section == null) {
      return Future.succeededFuture();
    }
    return AgentChannels.open(vertx, section).map(channel -> {
      agents = channel;
      NodeResources.of(vertx).install(channel);
      return null;
    });
  }

  private Future<Void> deployAll() {
    Future<Void> chain = Future.succeededFuture();
    for (Descriptor.Entry entry : descriptor.verticles()) {
      chain = chain.compose(v -> deploy(entry));
    }
    return chain;
  }

  private Future<Void> deploy(Descriptor.Entry entry) {
    JsonObject config = entry.config().copy()
        .put("node", info.name())
        .put("nodeId", info.id())
        .put("dataDir", descriptor.dataDir().toAbsolutePath().toString())
        .put("metricsRegistry", metricsRegistry);
    if (info.room() != null && Descriptor.ownRoom(entry.config()) == null) {
      config.put("room", info.room());
    }
    return vertx.deployVerticle(VerticleCatalog.factory(entry.name()),
            new DeploymentOptions().setInstances(entry.instances()).setConfig(config))
        .map(id -> {
          deployments.add(id);
          return (Void) null;
        })
        .recover(failure -> Future.failedFuture(new BmpException(BmpException.of(failure).code() == ErrorCode.INTERNAL
            ? ErrorCode.CONFIG_INVALID : BmpException.of(failure).code(),
            "verticle '" + entry.name() + "' did not start: " + reason(failure), failure)));
  }

  /**
   * Undeploys the verticles in reverse order (a room stops answering DHCP before it leaves), stops
   * announcing the node, closes database and cache, then closes Vert.x, which leaves the cluster.
   */
  Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    List<String> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> hook : beforeStop) {
      chain = chain.compose(v -> hook.get().otherwiseEmpty());
    }
    beforeStop.clear();
    for (String id : reversed) {
      chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
    }
    deployments.clear();
    return chain
        .compose(v -> NodeHealth.of(vertx).stop())
        .compose(v -> database == null ? Future.succeededFuture() : database.close().otherwiseEmpty())
        .compose(v -> cache == null ? Future.succeededFuture() : cache.close().otherwiseEmpty())
        .compose(v -> agents == null ? Future.succeededFuture() : agents.close().otherwiseEmpty())
        .compose(v -> {
          NodeResources.forget(vertx);
          return vertx.close();
        })
        .onSuccess(v -> LOG.info("NODE-DOWN node={} left cleanly", info.name()));
  }

  Vertx vertx() {
    return vertx;
  }

  /** Something riding on the node (the lab) that must stop before the verticles do. */
  void beforeStop(Supplier<Future<Void>> hook) {
    beforeStop.add(hook);
  }

  Descriptor descriptor() {
    return descriptor;
  }

  NodeInfo info() {
    return info;
  }

  /** The one line that says what this node serves. */
  String summary() {
    String verticles = descriptor.verticles().stream()
        .map(e -> e.name() + (e.instances() > 1 ? "x" + e.instances() : "")
            + (e.name().equals("api") ? "(:" + e.config().getInteger("port", 8080) + ")" : ""))
        .collect(Collectors.joining(", "));
    return "node=" + info.name()
        + (info.room() != null ? " room=" + info.room() : "")
        + " serves [" + verticles + "]"
        + " cluster=" + (descriptor.clustered() ? descriptor.cluster().getString("name", "bmp") : "none")
        + " database=" + (database == null ? "none" : database.config().describe())
        + " cache=" + (cache == null ? "none" : cache.describe())
        + " data=" + descriptor.dataDir().toAbsolutePath().normalize()
        + " transport=" + (vertx != null && vertx.isNativeTransportEnabled() ? "epoll" : "nio");
  }

  private static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure.getMessage() != null ? failure.getMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
