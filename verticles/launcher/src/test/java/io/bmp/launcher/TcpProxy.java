package io.bmp.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to a real server that a test can cut (close the listener and every open
 * connection, as a database host going away does) and restore on the same port.
 */
final class TcpProxy {

  private final Vertx vertx;
  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetClient client;
  private NetServer server;

  TcpProxy(Vertx vertx, int port, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  Future<Void> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(front -> {
      front.pause();
      sockets.add(front);
      client.connect(targetPort, targetHost).onComplete(back -> {
        sockets.add(back);
        front.handler(back::write);
        back.handler(front::write);
        front.closeHandler(v -> back.close());
        back.closeHandler(v -> front.close());
        front.resume();
      }, failure -> front.close());
    });
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  /** The database "goes away": nothing listens, every open connection is cut. */
  Future<Void> cut() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
    return server.close().compose(v -> client.close());
  }

  int port() {
    return port;
  }
}
