package io.bmp.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for test nodes. */
public final class Ports {

  private Ports() {}

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A free loopback UDP port (for servers such as ipmi_sim that take a port, not 0). */
  public static int freeUdp() {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A base port with {@code count} free ports after it (for Hazelcast's port auto-increment). */
  public static int freeRange(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + (int) (Math.random() * 30000);
      boolean allFree = true;
      for (int p = base; p < base + count && allFree; p++) {
        try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          allFree = false;
        }
      }
      if (allFree) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range");
  }
}
