package io.bmp.tftp;

import io.bmp.core.net.ContextDatagramChannel;
import io.bmp.protocols.tftp.Negotiation;
import io.bmp.protocols.tftp.ReadTransfer;
import io.bmp.protocols.tftp.TftpDecodeException;
import io.bmp.protocols.tftp.TftpError;
import io.bmp.protocols.tftp.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One read transfer on its own UDP port (its TID, RFC 1350 §4): the adapter between a
 * {@link ReadTransfer} and the wire. Retransmits on timeout with exponential backoff (capped at 8×),
 * answers strangers with error 5, and ends on the last ACK, a client error or the last retry.
 *
 * <p>The port is a {@link ContextDatagramChannel} on the event loop of the Vert.x context the
 * transfer was given, and everything the transfer does runs on that loop, inside that context.
 * It bypasses Vert.x's {@code DatagramSocket} because that one resolves
 * the destination host name, allocates a promise and flushes for every packet, which was most of a
 * transfer's CPU: here the client's address is resolved once, a window's blocks are written into
 * pooled direct buffers without promises and flushed together, and the retransmission timer is
 * re-armed only when its deadline has really passed.
 */
final class Transfer {

  /** How a transfer ended, for logs and metrics. */
  record Outcome(boolean complete, long bytes, long blocks, int retransmissions, String reason) {}

  private final ContextInternal context;
  private final InetSocketAddress client;
  private final BlockSource source;
  private final Negotiation negotiation;
  private final ReadTransfer machine;
  private final long timeoutMillis;
  private final Promise<Outcome> ended = Promise.promise();
  private DatagramChannel channel;
  private long timer = -1;
  private long deadline;
  private int retransmissions;
  private long blocksSent;
  private boolean finished;

  private Transfer(ContextInternal context, InetSocketAddress client, BlockSource source, Negotiation negotiation,
      int defaultTimeoutMillis, int maxRetries) {
    this.context = context;
    this.client = client;
    this.source = source;
    this.negotiation = negotiation;
    this.machine = new ReadTransfer(source.size(), negotiation, maxRetries);
    this.timeoutMillis = negotiation.timeoutSeconds() > 0 ? negotiation.timeoutSeconds() * 1000L : defaultTimeoutMillis;
  }

  /**
   * Opens a port on {@code bindHost} on the event loop of {@code context} and runs the transfer
   * there. The returned future fails if the port cannot be opened (the source is then closed), and
   * otherwise completes with the outcome when the transfer ends. The transfer is in {@code running}
   * meanwhile, for {@link #abort}.
   */
  static Future<Outcome> start(ContextInternal context, String bindHost, InetSocketAddress client, BlockSource source,
      Negotiation negotiation, int defaultTimeoutMillis, int maxRetries, Set<Transfer> running) {
    Transfer transfer = new Transfer(context, client, source, negotiation, defaultTimeoutMillis, maxRetries);
    running.add(transfer);
    PromiseInternal<Void> bound = context.promise();
    context.runOnContext(v -> transfer.open(bindHost, bound));
    return bound.future()
        .onFailure(e -> source.close())
        .compose(v -> transfer.ended.future())
        .andThen(done -> running.remove(transfer));
  }

  /** Ends the transfer now (the server is stopping); safe from any thread. */
  void abort() {
    context.runOnContext(v -> finish(false, "server stopping"));
  }

  private void open(String bindHost, PromiseInternal<Void> bound) {
    // A transfer's port receives one ACK per window (2048 bytes hold any ACK or error).
    ContextDatagramChannel.bind(context, bindHost, 2048, this::onPacket).onComplete(opened -> {
      if (opened.failed()) {
        bound.fail(opened.cause());
        return;
      }
      if (finished) {
        opened.result().close();
        bound.fail(new IllegalStateException("server stopping"));
        return;
      }
      channel = opened.result();
      bound.complete();
      act(machine.start());
    });
  }

  private void onPacket(DatagramPacket packet) {
    if (finished || channel == null) {
      return;
    }
    InetSocketAddress sender = packet.sender();
    if (sender.getPort() != client.getPort() || !sender.getAddress().equals(client.getAddress())) {
      byte[] error = new TftpPacket.Error(TftpError.UNKNOWN_TRANSFER_ID, "unknown transfer id").encode();
      channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(error), sender), channel.voidPromise());
      return;
    }
    ByteBuf content = packet.content();
    int at = content.readerIndex();
    if (content.readableBytes() >= 4 && content.getUnsignedShort(at) == TftpPacket.ACK) {
      onAck(content.getUnsignedShort(at + 2)); // the common case, read in place
      return;
    }
    TftpPacket p;
    try {
      byte[] bytes = ByteBufUtil.getBytes(content);
      p = TftpPacket.decode(bytes, 0, bytes.length);
    } catch (TftpDecodeException e) {
      return; // garbage on our port: the timer still runs
    }
    if (p instanceof TftpPacket.Error error) {
      finish(false, "client sent error " + error.error().code() + " " + error.message());
    } else {
      send(new TftpPacket.Error(TftpError.ILLEGAL_OPERATION, "expected an ACK").encode());
      finish(false, "client sent " + p.getClass().getSimpleName());
    }
  }

  private void onAck(int block) {
    ReadTransfer.Step step = machine.onAck(block);
    if (!(step instanceof ReadTransfer.Wait)) {
      act(step);
    }
  }

  private void act(ReadTransfer.Step step) {
    if (step instanceof ReadTransfer.SendOptionAck) {
      send(new TftpPacket.OptionAck(negotiation.accepted()).encode());
      arm();
    } else if (step instanceof ReadTransfer.SendBlocks blocks) {
      sendBlocks(blocks.from(), blocks.to());
    } else if (step instanceof ReadTransfer.Done) {
      finish(true, "complete");
    } else if (step instanceof ReadTransfer.GiveUp giveUp) {
      finish(false, "no ACK after " + (giveUp.attempts() - 1) + " retransmissions");
    }
  }

  private void sendBlocks(long from, long to) {
    long start = machine.offsetOf(from);
    long end = machine.offsetOf(to) + machine.lengthOf(to);
    Future<Void> ready = source.ensure(start, end);
    if (ready.succeeded()) {
      writeWindow(from, to); // in memory: no detour through a callback
      return;
    }
    ready.onComplete(done -> {
      if (finished) {
        return;
      }
      if (done.failed()) {
        send(new TftpPacket.Error(TftpError.NOT_DEFINED, "read error").encode());
        finish(false, "read failed: " + done.cause().getMessage());
        return;
      }
      writeWindow(from, to);
    });
  }

  /** Writes blocks {@code from}..{@code to} and flushes them together. */
  private void writeWindow(long from, long to) {
    if (to > from && Segmentation.usable(channel, machine.blockSize())) {
      writeSegmented(from, to);
      arm();
      return;
    }
    for (long block = from; block <= to; block++) {
      ByteBuf data = channel.alloc().directBuffer(4 + machine.lengthOf(block));
      appendBlock(data, block);
      channel.write(new DatagramPacket(data, client), channel.voidPromise());
    }
    channel.flush();
    arm();
  }

  /**
   * Writes the window as few large buffers, each cut into one datagram per block by the kernel
   * (UDP GSO): one trip through the stack per buffer instead of one per block. Every block but a
   * file's last is full, so the blocks make equal segments with a shorter one at the end, as GSO
   * requires. If the kernel refuses, segmentation is switched off and the retransmission timer
   * sends the window again block by block.
   */
  private void writeSegmented(long from, long to) {
    int segment = 4 + machine.blockSize();
    int perBuffer = Segmentation.segmentsPerBuffer(segment);
    for (long first = from; first <= to; first += perBuffer) {
      long last = Math.min(to, first + perBuffer - 1);
      ByteBuf data = channel.alloc().directBuffer((int) (last - first + 1) * segment);
      for (long block = first; block <= last; block++) {
        appendBlock(data, block);
      }
      channel.write(Segmentation.packet(data, segment, client), channel.newPromise().addListener(Segmentation.ON_FAILURE));
    }
    channel.flush();
  }

  /** Appends block {@code block} as a DATA packet (header and bytes). */
  private void appendBlock(ByteBuf data, long block) {
    data.writeShort(TftpPacket.DATA);
    data.writeShort(ReadTransfer.wireNumber(block));
    source.copy(machine.offsetOf(block), machine.lengthOf(block), data);
    blocksSent++;
  }

  private void send(byte[] packet) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), client), channel.voidPromise());
  }

  /**
   * Sets the retransmission deadline. A timer already running is left alone and, when it fires
   * early, set again for what remains: progress costs no timer per window.
   */
  private void arm() {
    long delay = timeoutMillis << Math.min(machine.retries(), 3);
    deadline = System.nanoTime() + delay * 1_000_000L;
    if (timer < 0) {
      timer = context.setTimer(delay, id -> onTimer());
    }
  }

  private void onTimer() {
    timer = -1;
    if (finished) {
      return;
    }
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    if (left > 0) {
      timer = context.setTimer(left, id -> onTimer());
      return;
    }
    ReadTransfer.Step step = machine.onTimeout();
    if (step instanceof ReadTransfer.SendBlocks || step instanceof ReadTransfer.SendOptionAck) {
      retransmissions++;
    }
    act(step);
  }

  private void finish(boolean complete, String reason) {
    if (finished) {
      return;
    }
    finished = true;
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
    source.close();
    if (channel != null) {
      channel.close();
    }
    ended.complete(new Outcome(complete, complete ? source.size() : 0, blocksSent, retransmissions, reason));
  }
}
