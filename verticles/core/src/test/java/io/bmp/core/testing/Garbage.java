package io.bmp.core.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile datagrams for live servers: random bytes, and valid packets mutated (bytes flipped,
 * truncated, lengthened with random tails), sent as fast as a socket will take them. The decoders'
 * own fuzz tests push a million through the pure code; this checks the servers around them.
 */
public final class Garbage {

  private final Random random;
  private final List<byte[]> seeds;

  public Garbage(long seed, List<byte[]> validPackets) {
    this.random = new Random(seed);
    this.seeds = List.copyOf(validPackets);
  }

  public byte[] next() {
    if (random.nextInt(4) == 0) {
      byte[] noise = new byte[random.nextInt(600)];
      random.nextBytes(noise);
      return noise;
    }
    byte[] packet = seeds.get(random.nextInt(seeds.size())).clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int flips = 1 + random.nextInt(8); flips > 0 && packet.length > 0; flips--) {
          packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> packet = Arrays.copyOf(packet, packet.length == 0 ? 0 : random.nextInt(packet.length));
      default -> {
        int from = packet.length;
        packet = Arrays.copyOf(packet, from + 1 + random.nextInt(300));
        for (int i = from; i < packet.length; i++) {
          packet[i] = (byte) random.nextInt(256);
        }
      }
    }
    return packet;
  }

  /** Sends {@code count} datagrams to a loopback port from one socket; returns how many were sent. */
  public int flood(int port, int count) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < count; i++) {
        byte[] bytes = next();
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        if (i % 500 == 499) {
          Thread.onSpinWait(); // a loopback socket buffer holds a few hundred; let the server read
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return i + 1;
          }
        }
      }
      return count;
    }
  }
}
