package io.bmp.agent.lab;

import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.server.BmcEndpoint;
import io.bmp.protocols.ipmi.server.BmcUser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A simulated BMC on a UDP port of its own: real IPMI 2.0 over LAN (cipher suites 3 and 17, and
 * the weaker ones a BMC may be configured for) in front of a {@link SimulatedNode}. Faults can be
 * switched on to test a driver: stop answering, or drop every n-th datagram.
 *
 * <p>Everything of one BMC runs on the event loop its socket was created on.
 */
public final class SimulatedBmc {

  /** How a simulated BMC is set up. */
  public record Settings(Map<String, BmcUser> users, Set<Integer> cipherSuites, long powerDelayMillis, int maxSessions) {
    /** One Administrator user, suites 0–3 and 15–17, a power change taking {@code powerDelayMillis}. */
    public static Settings of(String user, String password, long powerDelayMillis) {
      return new Settings(Map.of(user, new BmcUser(user, password, PrivilegeLevel.ADMINISTRATOR)),
          Set.of(0, 1, 2, 3, 15, 16, 17), powerDelayMillis, 8);
    }

    public Settings withUser(String name, String password, int maxPrivilege) {
      Map<String, BmcUser> more = new java.util.HashMap<>(users);
      more.put(name, new BmcUser(name, password, maxPrivilege));
      return new Settings(Map.copyOf(more), cipherSuites, powerDelayMillis, maxSessions);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final SimulatedNode node;
  private final BmcEndpoint endpoint;
  private final byte[] guid;
  private DatagramSocket socket;
  private volatile boolean silent;
  private volatile int dropEvery;
  private long received;
  private long timer = -1;

  private SimulatedBmc(Vertx vertx, Context context, Settings settings, int productId) {
    this.vertx = vertx;
    this.context = context;
    this.node = new SimulatedNode(System::currentTimeMillis, settings.powerDelayMillis());
    UUID uuid = UUID.randomUUID();
    this.guid = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    this.endpoint = new BmcEndpoint(settings.users()::get, guid, settings.cipherSuites(),
        new SimulatedBmcCommands(node, productId), new SecureRandom(), System::nanoTime, 60, settings.maxSessions());
  }

  /**
   * Starts a BMC listening on {@code host:port} (port 0: any free one), on a context of its own so
   * that many BMCs spread over the event loops.
   */
  public static Future<SimulatedBmc> start(Vertx vertx, String host, int port, Settings settings, int productId) {
    Context context = vertx.getOrCreateContext();
    SimulatedBmc bmc = new SimulatedBmc(vertx, context, settings, productId);
    return Future.<Void>future(p -> context.runOnContext(v -> bmc.listen(host, port).onComplete(p)))
        .map(bmc);
  }

  private Future<Void> listen(String host, int port) {
    socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(this::onDatagram);
    return socket.listen(port, host).mapEmpty();
  }

  private void onDatagram(DatagramPacket packet) {
    received++;
    if (silent || (dropEvery > 0 && received % dropEvery == 0)) {
      return;
    }
    byte[] answer = endpoint.handle(packet.data().getBytes());
    if (answer != null) {
      socket.send(Buffer.buffer(answer), packet.sender().port(), packet.sender().hostAddress());
    }
    armSettleTimer();
  }

  /** After a change made from outside the IPMI side (its Redfish twin), on this BMC's event loop. */
  void afterChange() {
    armSettleTimer();
  }

  // A power change takes effect at its time even if nobody asks, so that boots happen on time.
  private void armSettleTimer() {
    long at = node.pendingAt();
    if (at < 0 || timer >= 0) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), id -> {
      timer = -1;
      node.settle();
      armSettleTimer();
    });
  }

  /** Datagrams received so far (read it on this BMC's event loop, through {@link #onContext}). */
  public long received() {
    return received;
  }

  public int port() {
    return socket.localAddress().port();
  }

  public SimulatedNode node() {
    return node;
  }

  public byte[] guid() {
    return guid.clone();
  }

  /** Runs {@code action} on this BMC's event loop (where its node may be touched). */
  public <T> Future<T> onContext(java.util.concurrent.Callable<T> action) {
    return Future.future(p -> context.runOnContext(v -> {
      try {
        p.complete(action.call());
      } catch (Exception e) {
        p.fail(e);
      }
    }));
  }

  /** Stop answering anything (a BMC that hung or lost its network). */
  public void silent(boolean silent) {
    this.silent = silent;
  }

  /** Forgets every session, as a BMC does when it reboots (runs on the BMC's event loop). */
  public void forgetSessions() {
    context.runOnContext(v -> endpoint.forgetSessions());
  }

  /** Drop every n-th datagram received (0: none). */
  public void dropEvery(int n) {
    this.dropEvery = n;
  }

  public Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
