package io.bmp.core.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetSocketAddress;

/**
 * A UDP port for a packet-per-round-trip protocol (a TFTP transfer, a TFTP fetch): a Netty datagram
 * channel of Vert.x's own transport on the event loop of a Vert.x context, every datagram handed to
 * a handler inside that context and released after it.
 *
 * <p>Not Vert.x's {@code DatagramSocket}, which resolves the destination host name, allocates a
 * promise and flushes for every packet sent: most of a TFTP transfer's CPU. On this channel the
 * caller writes {@link DatagramPacket}s to an address it resolved once, with the channel's void
 * promise, and flushes a window's packets together.
 */
public final class ContextDatagramChannel {

  private ContextDatagramChannel() {}

  /**
   * Binds a channel to {@code host} on an ephemeral port, on {@code context}'s event loop (call it
   * from that context). Datagrams longer than {@code maxDatagramBytes} are cut; one is read per
   * wake-up, because these ports get one datagram per round trip and a second read would find
   * nothing. Send failures are dropped: the protocol's retransmission timer covers a lost packet.
   */
  public static Future<DatagramChannel> bind(ContextInternal context, String host, int maxDatagramBytes,
      Handler<DatagramPacket> onPacket) {
    PromiseInternal<DatagramChannel> bound = context.promise();
    DatagramChannel channel = context.owner().transport().datagramChannel();
    channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(maxDatagramBytes).maxMessagesPerRead(1));
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
          if (msg instanceof DatagramPacket packet) {
            context.emit(packet, onPacket);
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed is a packet lost.
      }
    });
    context.nettyEventLoop().register(channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        bound.fail(registered.cause());
        return;
      }
      channel.bind(new InetSocketAddress(host, 0)).addListener(done -> {
        if (done.isSuccess()) {
          bound.complete(channel);
        } else {
          channel.close();
          bound.fail(done.cause());
        }
      });
    });
    return bound.future();
  }
}
