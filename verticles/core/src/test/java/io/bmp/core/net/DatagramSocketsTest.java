package io.bmp.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatagramSocketsTest {

  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aLargeKernelBufferDoesNotMakeEveryReadThatLarge() throws Exception {
    DatagramSocketOptions options = new DatagramSocketOptions().setReceiveBufferSize(4 << 20);
    // What Vert.x does on its own: the receive buffer size is also the size of every read.
    DatagramSocket plain = vertx.createDatagramSocket(options);
    assertThat(readSize(plain)).isEqualTo(4 << 20);

    DatagramSocket socket = DatagramSockets.create(vertx, options, 2048);
    assertThat(readSize(socket)).isEqualTo(2048);
    assertThat(DatagramSockets.channelOf(socket).config().getReceiveBufferSize())
        .as("the kernel's buffer stays large (capped by net.core.rmem_max)").isGreaterThan(200_000);

    Promise<Buffer> got = Promise.promise();
    socket.handler(p -> got.tryComplete(p.data()));
    int port = socket.listen(0, "127.0.0.1").await().localAddress().port();
    byte[] message = new byte[1500];
    new java.util.Random(3).nextBytes(message);
    plain.send(Buffer.buffer(message), port, "127.0.0.1").await();
    assertThat(got.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).getBytes()).isEqualTo(message);
  }

  private static int readSize(DatagramSocket socket) {
    DatagramChannel channel = DatagramSockets.channelOf(socket);
    assertThat(channel).as("the channel under Vert.x's socket").isNotNull();
    RecvByteBufAllocator.Handle handle = channel.config().getRecvByteBufAllocator().newHandle();
    return handle.guess();
  }
}
