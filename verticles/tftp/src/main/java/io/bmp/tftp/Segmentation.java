package io.bmp.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a transfer may hand the kernel a window of blocks as one buffer to cut into datagrams
 * (UDP generic segmentation offload, Linux 4.18+, through Netty's epoll transport).
 *
 * <p>Only for blocks that fit an Ethernet frame (4 + blksize ≤ 1472, the usual PXE size): the
 * kernel refuses segments larger than the path's MTU, while a large block sent on its own is
 * merely fragmented. {@code -Dbmp.tftp.gso=false} turns it off (for comparison runs).
 */
final class Segmentation {

  private static final Logger LOG = LoggerFactory.getLogger(Segmentation.class);

  /** UDP payload of one datagram (65,535 − IP and UDP headers) and the kernel's segment limit. */
  private static final int MAX_PAYLOAD = 65_507;
  private static final int MAX_SEGMENTS = 64;
  private static final int MAX_SEGMENT = 1472;

  private static volatile boolean enabled = Boolean.parseBoolean(System.getProperty("bmp.tftp.gso", "true"))
      && supported();

  /** Turns segmentation off for good when the kernel refuses a segmented write. */
  static final ChannelFutureListener ON_FAILURE = future -> {
    if (!future.isSuccess() && enabled) {
      enabled = false;
      LOG.warn("TFTP-GSO off: the kernel refused a segmented window ({}); windows go block by block",
          future.cause().toString());
    }
  };

  private static final java.util.concurrent.atomic.LongAdder BUFFERS = new java.util.concurrent.atomic.LongAdder();

  private Segmentation() {}

  /** Segmented buffers handed to the kernel since start (each holds one or more blocks). */
  static long buffersWritten() {
    return BUFFERS.sum();
  }

  static boolean usable(Channel channel, int blockSize) {
    return enabled && 4 + blockSize <= MAX_SEGMENT && channel instanceof EpollDatagramChannel;
  }

  static int segmentsPerBuffer(int segmentSize) {
    return Math.max(1, Math.min(MAX_SEGMENTS, MAX_PAYLOAD / segmentSize));
  }

  static DatagramPacket packet(ByteBuf data, int segmentSize, InetSocketAddress recipient) {
    BUFFERS.increment();
    return new SegmentedDatagramPacket(data, segmentSize, recipient);
  }

  private static boolean supported() {
    try {
      return io.netty.channel.epoll.Epoll.isAvailable() && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    } catch (Throwable notOnThisPlatform) {
      return false;
    }
  }
}
