package io.bmp.agent.lab;

import io.bmp.protocols.tftp.TftpDecodeException;
import io.bmp.protocols.tftp.TftpPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.util.Map;

/**
 * A TFTP read (RFC 1350, with the blksize and tsize options of RFC 2348/2349) as a NIC ROM does it:
 * lock-step, one block acknowledged at a time (as iPXE and BIOS PXE ROMs do; a window of 8 blocks,
 * RFC 7440, was slower here: 200 machines' bursts on loopback lost datagrams, each loss a second's
 * wait), the last packet sent again after 1, 2, 4, 8 s of silence. Used by the lab's simulated NICs to fetch their first-stage boot file from the room's
 * tftp verticle; the bytes are counted and dropped (the lab has no CPU to run them).
 */
final class TftpFetch {

  private static final int BLOCK_SIZE = 1408;
  private static final long FIRST_RESEND_MILLIS = 1000;
  private static final int TRIES = 5;

  private final Vertx vertx;
  private final DatagramSocket socket;
  private final String serverHost;
  private final Promise<Long> done = Promise.promise();
  private int serverPort;
  private boolean bound;
  private int blockSize = 512;
  private int expected = 1;
  private long bytes;
  private byte[] lastSent;
  private int lastSentPort;
  private int sameSent;
  private long timer = -1;

  private TftpFetch(Vertx vertx, String serverHost, int serverPort) {
    this.vertx = vertx;
    this.socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    this.serverHost = serverHost;
    this.serverPort = serverPort;
  }

  /** Reads {@code file} from {@code host:port}; the result is its length in bytes. */
  static Future<Long> read(Vertx vertx, String localHost, String host, int port, String file) {
    TftpFetch fetch = new TftpFetch(vertx, host, port);
    fetch.socket.handler(fetch::onPacket);
    return fetch.socket.listen(0, localHost)
        .compose(s -> {
          fetch.send(new TftpPacket.Request(false, file, "octet",
              Map.of("blksize", String.valueOf(BLOCK_SIZE), "tsize", "0")).encode(), port);
          return fetch.done.future();
        })
        .andThen(r -> fetch.finish());
  }

  private void onPacket(DatagramPacket packet) {
    if (bound && packet.sender().port() != serverPort) {
      return; // RFC 1350 §4: a packet from another TID is not this transfer's
    }
    TftpPacket decoded;
    try {
      byte[] data = packet.data().getBytes();
      decoded = TftpPacket.decode(data, 0, data.length);
    } catch (TftpDecodeException e) {
      return;
    }
    if (!bound) {
      bound = true;
      serverPort = packet.sender().port(); // the server's transfer ID
    }
    if (decoded instanceof TftpPacket.OptionAck oack) {
      blockSize = Integer.parseInt(oack.options().getOrDefault("blksize", "512"));
      send(new TftpPacket.Ack(0).encode(), serverPort);
    } else if (decoded instanceof TftpPacket.Data data) {
      if (data.block() == (expected & 0xffff)) {
        bytes += data.length();
        expected++;
        send(new TftpPacket.Ack(data.block()).encode(), serverPort);
        if (data.length() < blockSize) {
          done.tryComplete(bytes);
        }
      }
    } else if (decoded instanceof TftpPacket.Error error) {
      done.tryFail(new IOException("TFTP error " + error.error() + ": " + error.message()));
    }
  }

  private void send(byte[] packet, int port) {
    lastSent = packet;
    lastSentPort = port;
    sameSent = 0;
    socket.send(Buffer.buffer(packet), port, serverHost);
    arm();
  }

  private void arm() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = vertx.setTimer(FIRST_RESEND_MILLIS << Math.min(sameSent, 3), t -> {
      timer = -1;
      if (done.future().isComplete()) {
        return;
      }
      if (++sameSent >= TRIES) {
        done.tryFail(new IOException("TFTP server " + serverHost + ":" + serverPort + " stopped answering after "
            + bytes + " bytes"));
        return;
      }
      socket.send(Buffer.buffer(lastSent), lastSentPort, serverHost);
      arm();
    });
  }

  private void finish() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    socket.close();
  }
}
