package io.bmp.agent.lab;

import io.bmp.protocols.dhcp.DhcpDecodeException;
import io.bmp.protocols.dhcp.DhcpMessage;
import io.bmp.protocols.dhcp.Ipv4;
import io.bmp.protocols.dhcp.MessageType;
import io.bmp.protocols.dhcp.Options;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's DHCP relay agent (RFC 1542 §4): the simulated NICs have no wire of their own, so their
 * requests go to the room's DHCP server as a relay would forward them (giaddr set, one hop), and
 * the server answers the relay. The relay sits on loopback, not on the lab's network, so it names
 * that network itself with RFC 3527's link-selection sub-option of option 82, as a real relay
 * whose giaddr is not on the clients' network must. One socket serves every node; answers are matched to the waiting
 * exchange by transaction id. A request without answer is sent again after 1, 2, 4 and 8 s (RFC 2131
 * §4.1's doubling back-off, as PXE ROMs do), so a server slowed by a busy machine is waited for.
 */
public final class DhcpRelay {

  private static final long FIRST_RESEND_MILLIS = 1000;
  private static final int TRIES = 5;

  private final Vertx vertx;
  private final String serverHost;
  private final int serverPort;
  private final int giaddr;
  /** Option 82 with only the link-selection sub-option (5): the lab network's address. */
  private final byte[] linkSelection;
  private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
  private DatagramSocket socket;

  private record Waiting(MessageType expected, Promise<DhcpMessage> answer) {}

  private DhcpRelay(Vertx vertx, String serverHost, int serverPort, String relayHost, String link) {
    this.vertx = vertx;
    this.serverHost = serverHost;
    this.serverPort = serverPort;
    this.giaddr = Ipv4.parse(relayHost);
    this.linkSelection = java.nio.ByteBuffer.allocate(6).put((byte) Options.RELAY_LINK_SELECTION).put((byte) 4)
        .putInt(Ipv4.parse(link)).array();
  }

  /**
   * Listens on {@code relayHost:relayPort}, where the server sends what it answers relayed requests
   * with; {@code link} is an address on the clients' network (the lab's gateway).
   */
  public static Future<DhcpRelay> start(Vertx vertx, String serverHost, int serverPort, String relayHost, int relayPort,
      String link) {
    DhcpRelay relay = new DhcpRelay(vertx, serverHost, serverPort, relayHost, link);
    // 200 machines booting at once get their answers in a burst: the default 208 KB buffer dropped
    // hundreds of them (each a resend a second later), 4 MiB holds them (the kernel caps it at net.core.rmem_max).
    relay.socket = io.bmp.core.net.DatagramSockets.create(vertx,
        new DatagramSocketOptions().setReuseAddress(true).setReceiveBufferSize(4 << 20), 9216);
    relay.socket.handler(relay::onPacket);
    return relay.socket.listen(relayPort, relayHost).map(relay);
  }

  /** Sends {@code request} as relayed and waits for the server's answer of type {@code expected} (or a NAK). */
  public Future<DhcpMessage> exchange(DhcpMessage request, MessageType expected) {
    request.giaddr(giaddr).hops(1).option(Options.RELAY_AGENT_INFO, linkSelection);
    Promise<DhcpMessage> answer = Promise.promise();
    waiting.put(request.xid(), new Waiting(expected, answer));
    send(request, answer, 1);
    return answer.future().andThen(done -> waiting.remove(request.xid()));
  }

  private void send(DhcpMessage request, Promise<DhcpMessage> answer, int attempt) {
    if (answer.future().isComplete()) {
      return;
    }
    if (attempt > TRIES) {
      answer.tryFail(new IOException("no " + request.type() + " answer from the DHCP server at " + serverHost + ":"
          + serverPort + " for " + request.mac() + " after " + TRIES + " tries"));
      return;
    }
    socket.send(Buffer.buffer(request.encode()), serverPort, serverHost);
    vertx.setTimer(FIRST_RESEND_MILLIS << (attempt - 1), t -> send(request, answer, attempt + 1));
  }

  private void onPacket(DatagramPacket packet) {
    DhcpMessage message;
    try {
      message = DhcpMessage.decode(packet.data().getBytes());
    } catch (DhcpDecodeException e) {
      return; // not DHCP: nothing waits for it
    }
    Waiting w = message.op() == DhcpMessage.BOOTREPLY ? waiting.get(message.xid()) : null;
    if (w == null) {
      return;
    }
    if (message.type() == w.expected()) {
      w.answer().tryComplete(message);
    } else if (message.type() == MessageType.NAK) {
      w.answer().tryFail(new IOException("the DHCP server refused " + message.mac() + ": "
          + message.optionString(Options.MESSAGE)));
    }
  }

  public Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
