package io.bmp.core.node;

import io.bmp.core.agent.AgentChannel;
import io.bmp.core.cache.Cache;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What a node opens once and its verticles share: the database pool and the cache. The launcher
 * installs them before it deploys anything, so a verticle never opens its own and a node without
 * a database section (a room node) simply has none.
 */
public final class NodeResources {

  private static final Map<Vertx, NodeResources> NODES = Collections.synchronizedMap(new WeakHashMap<>());

  private volatile Database database;
  private volatile Cache cache;
  private volatile SecretBox secrets;
  private volatile AgentChannel agents;

  private NodeResources() {}

  public static NodeResources of(Vertx vertx) {
    return NODES.computeIfAbsent(vertx, v -> new NodeResources());
  }

  public NodeResources install(Database database) {
    this.database = database;
    return this;
  }

  public NodeResources install(Cache cache) {
    this.cache = cache;
    return this;
  }

  /** The node's database; fails {@code CONFIG_INVALID} for a component placed on a node without one. */
  public Database database(String component) {
    if (database == null) {
      throw new BmpException(ErrorCode.CONFIG_INVALID,
          component + " needs a database, but this node's descriptor has no 'database' section");
    }
    return database;
  }

  public boolean hasDatabase() {
    return database != null;
  }

  public Cache cache(String component) {
    if (cache == null) {
      throw new BmpException(ErrorCode.CONFIG_INVALID,
          component + " needs a cache, but this node's descriptor has no 'cache' section");
    }
    return cache;
  }

  public boolean hasCache() {
    return cache != null;
  }

  public NodeResources install(SecretBox secrets) {
    this.secrets = secrets;
    return this;
  }

  /** The node's secret box (encrypts and decrypts stored credentials). */
  public SecretBox secrets(String component) {
    if (secrets == null) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, component + " needs the secret key, but this node has none");
    }
    return secrets;
  }

  public NodeResources install(AgentChannel agents) {
    this.agents = agents;
    return this;
  }

  /** The channel to the agents (the api's gateway holds one end, the scheduler the other). */
  public AgentChannel agents(String component) {
    if (agents == null) {
      throw new BmpException(ErrorCode.CONFIG_INVALID,
          component + " needs the agent channel, but this node's descriptor has no 'agentChannel' section");
    }
    return agents;
  }

  public boolean hasAgents() {
    return agents != null;
  }

  public static void forget(Vertx vertx) {
    NODES.remove(vertx);
  }
}
