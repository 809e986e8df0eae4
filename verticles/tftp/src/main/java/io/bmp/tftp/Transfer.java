package io.bmp.tftp;

import io.bmp.protocols.tftp.Negotiation;
import io.bmp.protocols.tftp.ReadTransfer;
import io.bmp.protocols.tftp.TftpDecodeException;
import io.bmp.protocols.tftp.TftpError;
import io.bmp.protocols.tftp.TftpPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;

/**
 * One read transfer on its own UDP port (its TID, RFC 1350 §4): the adapter between a
 * {@link ReadTransfer} and the wire. Retransmits on timeout with exponential backoff (capped at 8×),
 * answers strangers with error 5, and ends on the last ACK, a client error or the last retry.
 */
final class Transfer {

  /** How a transfer ended, for logs and metrics. */
  record Outcome(boolean complete, long bytes, long blocks, int retransmissions, String reason) {}

  private final Vertx vertx;
  private final DatagramSocket socket;
  private final String clientHost;
  private final int clientPort;
  private final BlockSource source;
  private final Negotiation negotiation;
  private final ReadTransfer machine;
  private final long timeoutMillis;
  private final Promise<Outcome> ended = Promise.promise();
  private long timer = -1;
  private int retransmissions;
  private long blocksSent;

  Transfer(Vertx vertx, DatagramSocket socket, String clientHost, int clientPort, BlockSource source,
      Negotiation negotiation, int defaultTimeoutMillis, int maxRetries) {
    this.vertx = vertx;
    this.socket = socket;
    this.clientHost = clientHost;
    this.clientPort = clientPort;
    this.source = source;
    this.negotiation = negotiation;
    this.machine = new ReadTransfer(source.size(), negotiation, maxRetries);
    this.timeoutMillis = negotiation.timeoutSeconds() > 0 ? negotiation.timeoutSeconds() * 1000L : defaultTimeoutMillis;
  }

  Future<Outcome> run() {
    socket.handler(this::onPacket);
    act(machine.start());
    return ended.future();
  }

  private void onPacket(DatagramPacket packet) {
    if (packet.sender().port() != clientPort || !packet.sender().hostAddress().equals(clientHost)) {
      byte[] error = new TftpPacket.Error(TftpError.UNKNOWN_TRANSFER_ID, "unknown transfer id").encode();
      socket.send(Buffer.buffer(error), packet.sender().port(), packet.sender().hostAddress());
      return;
    }
    TftpPacket p;
    try {
      byte[] bytes = packet.data().getBytes();
      p = TftpPacket.decode(bytes, 0, bytes.length);
    } catch (TftpDecodeException e) {
      return; // garbage on our port: the timer still runs
    }
    if (p instanceof TftpPacket.Ack ack) {
      ReadTransfer.Step step = machine.onAck(ack.block());
      if (!(step instanceof ReadTransfer.Wait)) {
        act(step);
      }
    } else if (p instanceof TftpPacket.Error error) {
      finish(false, "client sent error " + error.error().code() + " " + error.message());
    } else {
      send(new TftpPacket.Error(TftpError.ILLEGAL_OPERATION, "expected an ACK").encode());
      finish(false, "client sent " + p.getClass().getSimpleName());
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
    source.ensure(start, end).onComplete(ready -> {
      if (ended.future().isComplete()) {
        return;
      }
      if (ready.failed()) {
        send(new TftpPacket.Error(TftpError.NOT_DEFINED, "read error").encode());
        finish(false, "read failed: " + ready.cause().getMessage());
        return;
      }
      for (long block = from; block <= to; block++) {
        int length = machine.lengthOf(block);
        byte[] packet = new byte[4 + length];
        packet[1] = TftpPacket.DATA;
        int wire = ReadTransfer.wireNumber(block);
        packet[2] = (byte) (wire >> 8);
        packet[3] = (byte) wire;
        source.copy(machine.offsetOf(block), length, packet, 4);
        send(packet);
        blocksSent++;
      }
      arm();
    });
  }

  private void send(byte[] packet) {
    socket.send(Buffer.buffer(packet), clientPort, clientHost);
  }

  private void arm() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    long delay = timeoutMillis << Math.min(machine.retries(), 3);
    timer = vertx.setTimer(delay, id -> {
      timer = -1;
      ReadTransfer.Step step = machine.onTimeout();
      if (step instanceof ReadTransfer.SendBlocks || step instanceof ReadTransfer.SendOptionAck) {
        retransmissions++;
      }
      act(step);
    });
  }

  private void finish(boolean complete, String reason) {
    if (ended.future().isComplete()) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    source.close();
    socket.close();
    ended.complete(new Outcome(complete, complete ? source.size() : 0, blocksSent, retransmissions, reason));
  }
}
