package io.bmp.agent.lab;

import io.bmp.core.net.ContextDatagramChannel;
import io.bmp.protocols.tftp.TftpDecodeException;
import io.bmp.protocols.tftp.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TFTP read (RFC 1350, with blksize and tsize of RFC 2348/2349) as a NIC's firmware does it, used
 * by the lab's simulated NICs to fetch their first-stage boot file from the room's tftp verticle.
 * The bytes are counted and dropped (the lab has no CPU to run them).
 *
 * <p>Legacy BIOS PXE ROMs go lock-step, one block acknowledged at a time. UEFI firmware built from
 * EDK2 asks for a window (RFC 7440; its PcdPxeTftpWindowSize is 4): it acknowledges the last block
 * of each window, and on a gap the last block it has in order, once, so the server resends from
 * there. Silence makes it send its last ACK again after 1, 2, 4, 8 s, then give up.
 *
 * <p>Like the server's transfers, it runs on a Netty datagram channel of Vert.x's own transport,
 * not on Vert.x's {@code DatagramSocket}: that one resolves the host and allocates a promise for
 * every packet, which cost more CPU than the server's side of 200 simultaneous boots.
 */
final class TftpFetch {

  private static final int BLOCK_SIZE = 1408;
  private static final long FIRST_RESEND_MILLIS = 1000;
  private static final int TRIES = 5;

  private final ContextInternal context;
  private final Promise<Long> done;
  private final int windowWanted;
  private InetSocketAddress server;
  private boolean bound;
  private DatagramChannel channel;
  private int blockSize = 512;
  private int window = 1;
  private int expected = 1;
  private int sinceAck;
  private boolean gapAcked;
  private long bytes;
  private byte[] lastAck;
  private int tries;
  private long deadline;
  private long timer = -1;

  private TftpFetch(ContextInternal context, InetSocketAddress server, int windowWanted) {
    this.context = context;
    this.server = server;
    this.windowWanted = windowWanted;
    this.done = context.promise();
  }

  /**
   * Reads {@code file} from {@code host:port}, asking for a window of {@code windowSize} blocks
   * (1: lock-step, no windowsize option); the result is the file's length in bytes.
   */
  static Future<Long> read(Vertx vertx, String localHost, String host, int port, String file, int windowSize) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    TftpFetch fetch = new TftpFetch(context, new InetSocketAddress(host, port), windowSize);
    context.runOnContext(v -> fetch.open(localHost, file));
    return fetch.done.future().andThen(r -> fetch.finish());
  }

  private void open(String localHost, String file) {
    ContextDatagramChannel.bind(context, localHost, 2048, this::onPacket).onComplete(opened -> {
      if (opened.failed()) {
        done.tryFail(opened.cause());
        return;
      }
      channel = opened.result();
      Map<String, String> options = new LinkedHashMap<>();
      options.put("blksize", String.valueOf(BLOCK_SIZE));
      options.put("tsize", "0");
      if (windowWanted > 1) {
        options.put("windowsize", String.valueOf(windowWanted));
      }
      sendAck(new TftpPacket.Request(false, file, "octet", options).encode());
    });
  }

  private void onPacket(DatagramPacket packet) {
    if (done.future().isComplete() || channel == null) {
      return;
    }
    InetSocketAddress sender = packet.sender();
    if (bound && !sender.equals(server)) {
      return; // RFC 1350 §4: a packet from another TID is not this transfer's
    }
    ByteBuf content = packet.content();
    int at = content.readerIndex();
    if (content.readableBytes() >= 4 && content.getUnsignedShort(at) == TftpPacket.DATA) {
      bind(sender);
      onData(content.getUnsignedShort(at + 2), content.readableBytes() - 4); // the common case, read in place
      return;
    }
    TftpPacket decoded;
    try {
      byte[] data = ByteBufUtil.getBytes(content);
      decoded = TftpPacket.decode(data, 0, data.length);
    } catch (TftpDecodeException e) {
      return;
    }
    bind(sender);
    if (decoded instanceof TftpPacket.OptionAck oack) {
      blockSize = Integer.parseInt(oack.options().getOrDefault("blksize", "512"));
      window = Integer.parseInt(oack.options().getOrDefault("windowsize", "1"));
      sendAck(new TftpPacket.Ack(0).encode());
    } else if (decoded instanceof TftpPacket.Error error) {
      done.tryFail(new IOException("TFTP error " + error.error() + ": " + error.message()));
    }
  }

  private void bind(InetSocketAddress sender) {
    if (!bound) {
      bound = true;
      server = sender; // the server's transfer ID
    }
  }

  private void onData(int block, int length) {
    if (block != (expected & 0xffff)) {
      // Ahead of what we have: a block was lost. Say where we are, once per gap (RFC 7440 §4).
      int ahead = (block - expected) & 0xffff;
      if (ahead < 0x8000 && !gapAcked) {
        gapAcked = true;
        sinceAck = 0;
        sendAck(new TftpPacket.Ack((expected - 1) & 0xffff).encode());
      }
      return;
    }
    bytes += length;
    expected++;
    gapAcked = false;
    tries = 0;
    deadline = System.nanoTime() + FIRST_RESEND_MILLIS * 1_000_000L;
    boolean last = length < blockSize;
    if (last || ++sinceAck >= window) {
      sinceAck = 0;
      sendAck(new TftpPacket.Ack(block).encode());
    }
    if (last) {
      done.tryComplete(bytes);
    }
  }

  private void sendAck(byte[] packet) {
    lastAck = packet;
    write(packet);
    arm();
  }

  private void write(byte[] packet) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), server), channel.voidPromise());
  }

  /** Sets the resend deadline; a running timer that fires early is set again for what is left. */
  private void arm() {
    long delay = FIRST_RESEND_MILLIS << Math.min(tries, 3);
    deadline = System.nanoTime() + delay * 1_000_000L;
    if (timer < 0) {
      timer = context.setTimer(delay, id -> onTimer());
    }
  }

  private void onTimer() {
    timer = -1;
    if (done.future().isComplete()) {
      return;
    }
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    if (left > 0) {
      timer = context.setTimer(left, id -> onTimer());
      return;
    }
    if (++tries >= TRIES) {
      done.tryFail(new IOException("TFTP server " + server + " stopped answering after " + bytes + " bytes"));
      return;
    }
    sinceAck = 0;
    write(lastAck);
    arm();
  }

  private void finish() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
    if (channel != null) {
      channel.close();
    }
  }
}
