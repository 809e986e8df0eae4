package io.bmp.core.contract;

/**
 * What every component answers on its own address, and what every node answers on its node
 * address. Component-specific actions live in the component's own contract class.
 */
public final class HealthContract {

  /** Action served by every component: replies {@link ComponentHealth}. */
  public static final String HEALTH = "health";

  /** Action served on {@link #nodeAddress}: replies {@link NodeReport}. */
  public static final String NODE_REPORT = "node-report";

  /** The cluster-wide map in which each node announces itself (node id to {@link NodeInfo} JSON). */
  public static final String NODE_DIRECTORY = "bmp.nodes";

  private HealthContract() {}

  /** The address on which one node answers for all of its verticles. */
  public static String nodeAddress(String nodeId) {
    return "bmp.node." + nodeId;
  }
}
