package io.bmp.core.net;

import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x datagram sockets with a large kernel receive buffer but datagram-sized reads.
 *
 * <p>Vert.x 5.0.8's transports use {@code DatagramSocketOptions.receiveBufferSize} twice: as the
 * socket's {@code SO_RCVBUF}, and as the size of the buffer every datagram is read into ({@code
 * FixedRecvByteBufAllocator}). A 4 MiB {@code SO_RCVBUF}, which a rack's boot storm needs, thus
 * made every 300-byte DHCP message allocate and zero a fresh 4 MiB direct buffer (too large for
 * Netty's pool): the DHCP server's event loop spent its time in {@code Unsafe.setMemory} and fell
 * from 14,500 to about 1,700 leases/s. Vert.x offers no way to set the two apart, so the read
 * buffer is set back on the socket's channel here.
 */
public final class DatagramSockets {

  private static final Logger LOG = LoggerFactory.getLogger(DatagramSockets.class);

  private DatagramSockets() {}

  /**
   * A socket with {@code options} (its {@code receiveBufferSize} the kernel's buffer) that reads
   * each datagram into a buffer of {@code maxDatagramBytes}; longer datagrams are cut.
   */
  public static DatagramSocket create(Vertx vertx, DatagramSocketOptions options, int maxDatagramBytes) {
    DatagramSocket socket = vertx.createDatagramSocket(options);
    DatagramChannel channel = channelOf(socket);
    if (channel == null) {
      LOG.warn("DATAGRAM-READ-BUFFER not set (this Vert.x hides the socket's channel): each datagram is read into "
          + "a buffer of {} bytes", options.getReceiveBufferSize());
      return socket;
    }
    RecvByteBufAllocator current = channel.config().getRecvByteBufAllocator();
    FixedRecvByteBufAllocator reads = new FixedRecvByteBufAllocator(maxDatagramBytes);
    if (current instanceof MaxMessagesRecvByteBufAllocator messages) {
      reads.maxMessagesPerRead(messages.maxMessagesPerRead());
    }
    channel.config().setRecvByteBufAllocator(reads);
    return socket;
  }

  /** The Netty channel under a Vert.x socket, or null when it cannot be reached. */
  static DatagramChannel channelOf(DatagramSocket socket) {
    try {
      Field field = socket.getClass().getDeclaredField("channel");
      field.setAccessible(true);
      return field.get(socket) instanceof DatagramChannel channel ? channel : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
