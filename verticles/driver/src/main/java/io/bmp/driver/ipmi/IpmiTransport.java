package io.bmp.driver.ipmi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One UDP socket for every BMC of the room: datagrams go out to a BMC's address and port, and what
 * comes back is handed to the listener registered for that address and port. A thousand BMCs cost
 * one socket, not a thousand. Confined to the driver verticle's event loop.
 */
public final class IpmiTransport {

  private final Vertx vertx;
  private final Map<String, Consumer<byte[]>> listeners = new HashMap<>();
  private DatagramSocket socket;
  private long strays;

  public IpmiTransport(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Void> open(String bindHost) {
    socket = io.bmp.core.net.DatagramSockets.create(vertx, new DatagramSocketOptions().setReceiveBufferSize(4 << 20), 9216);
    socket.handler(this::onPacket);
    return socket.listen(0, bindHost).mapEmpty();
  }

  public void listen(String host, int port, Consumer<byte[]> listener) {
    listeners.put(key(host, port), listener);
  }

  /** Stops handing this BMC's datagrams to {@code listener} (not to a newer listener of the same BMC). */
  public void forget(String host, int port, Consumer<byte[]> listener) {
    listeners.remove(key(host, port), listener);
  }

  public void send(String host, int port, byte[] datagram) {
    // A send that fails (no route, buffer full) is a lost datagram like any other: the caller's retransmission covers it.
    socket.send(Buffer.buffer(datagram), port, host);
  }

  /** Datagrams that came from no BMC we talk to. */
  public long strays() {
    return strays;
  }

  public Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  private void onPacket(DatagramPacket packet) {
    Consumer<byte[]> listener = listeners.get(key(packet.sender().hostAddress(), packet.sender().port()));
    if (listener == null) {
      strays++;
      return;
    }
    listener.accept(packet.data().getBytes());
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }
}
