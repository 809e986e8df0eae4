package io.bmp.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Codecs;
import io.bmp.protocols.tftp.TftpError;
import io.bmp.protocols.tftp.TftpPacket;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer port (TID) on the wire, driven by a hand-written client: strangers get error 5 while
 * the transfer goes on, an unacknowledged block is sent again, a client's error ends the transfer,
 * and many windowed transfers at once, spread over the transfer loops, all arrive intact.
 */
class TftpTransferTest {

  @TempDir static Path dir;
  static Vertx vertx;
  static InetSocketAddress server;
  static byte[] small;
  static byte[] medium;

  @BeforeAll
  static void start() throws Exception {
    Path root = dir.resolve("tftp");
    Files.createDirectories(root);
    Random random = new Random(7440);
    small = new byte[1000]; // two blocks of 512
    random.nextBytes(small);
    medium = new byte[300_000];
    random.nextBytes(medium);
    Files.write(root.resolve("small.bin"), small);
    Files.write(root.resolve("medium.bin"), medium);
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
    TftpVerticle verticle = new TftpVerticle();
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", dir.resolve("data").toString())
        .put("host", "127.0.0.1").put("port", 0).put("root", root.toString()).put("timeoutMillis", 200)
        .put("transferLoops", 2);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    server = new InetSocketAddress(InetAddress.getLoopbackAddress(), verticle.port());
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static DatagramSocket client() throws Exception {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(10_000);
    return socket;
  }

  record Received(TftpPacket packet, InetSocketAddress from) {}

  static Received receive(DatagramSocket socket) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
    socket.receive(p);
    return new Received(TftpPacket.decode(p.getData(), 0, p.getLength()), (InetSocketAddress) p.getSocketAddress());
  }

  static void send(DatagramSocket socket, TftpPacket packet, InetSocketAddress to) throws Exception {
    byte[] bytes = packet.encode();
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  @Test
  void aStrangerGetsUnknownTransferIdAndTheTransferGoesOn() throws Exception {
    try (DatagramSocket client = client(); DatagramSocket stranger = client()) {
      send(client, new TftpPacket.Request(false, "small.bin", "octet", Map.of()), server);
      Received first = receive(client);
      assertThat(first.packet()).isInstanceOf(TftpPacket.Data.class);
      InetSocketAddress tid = first.from();

      send(stranger, new TftpPacket.Ack(1), tid);
      Received refused = receive(stranger);
      assertThat(refused.packet()).isInstanceOfSatisfying(TftpPacket.Error.class,
          e -> assertThat(e.error()).isEqualTo(TftpError.UNKNOWN_TRANSFER_ID));

      send(client, new TftpPacket.Ack(1), tid);
      Received second = receive(client);
      send(client, new TftpPacket.Ack(2), tid);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      got.writeBytes(payload(first));
      got.writeBytes(payload(second));
      assertThat(got.toByteArray()).isEqualTo(small);
    }
  }

  @Test
  void anUnacknowledgedBlockIsSentAgain() throws Exception {
    try (DatagramSocket client = client()) {
      send(client, new TftpPacket.Request(false, "small.bin", "octet", Map.of()), server);
      Received first = receive(client);
      Received again = receive(client); // no ACK: the timer sends block 1 again
      assertThat(again.from()).isEqualTo(first.from());
      assertThat(((TftpPacket.Data) again.packet()).block()).isEqualTo(1);
      assertThat(payload(again)).isEqualTo(payload(first));
      send(client, new TftpPacket.Ack(1), first.from());
      Received second = receive(client);
      while (((TftpPacket.Data) second.packet()).block() == 1) {
        second = receive(client); // a retransmission that crossed our ACK
      }
      assertThat(((TftpPacket.Data) second.packet()).block()).isEqualTo(2);
      send(client, new TftpPacket.Ack(2), first.from());
    }
  }

  @Test
  void retransmissionsBackOffAndStopAfterTheLastRetry() throws Exception {
    try (DatagramSocket client = client()) {
      client.setSoTimeout(6_000);
      send(client, new TftpPacket.Request(false, "small.bin", "octet", Map.of()), server);
      List<Long> arrivals = new java.util.ArrayList<>();
      while (true) {
        Received r;
        try {
          r = receive(client);
        } catch (java.net.SocketTimeoutException silence) {
          break;
        }
        arrivals.add(System.nanoTime());
        if (r.packet() instanceof TftpPacket.Error) {
          break;
        }
        assertThat(((TftpPacket.Data) r.packet()).block()).isEqualTo(1);
      }
      // The first send and 5 retries (maxRetries); the gaps at least 200, 400, 800, 1600, 1600 ms
      // (timeoutMillis doubled per retry, capped at 8×). A timer never fires early, so only the
      // lower bounds are certain on a busy machine.
      assertThat(arrivals.size()).as("sends of block 1, then maybe a timeout error").isBetween(6, 7);
      long[] least = {200, 400, 800, 1600, 1600};
      for (int i = 0; i < least.length; i++) {
        long gapMillis = (arrivals.get(i + 1) - arrivals.get(i)) / 1_000_000;
        assertThat(gapMillis).as("gap before retry %d", i + 1).isGreaterThanOrEqualTo(least[i] - 20);
      }
    }
  }

  @Test
  void aModeOtherThanOctetOrNetasciiIsAnIllegalOperation() throws Exception {
    try (DatagramSocket client = client()) {
      send(client, new TftpPacket.Request(false, "small.bin", "mail", Map.of()), server);
      TftpPacket answer = receive(client).packet();
      assertThat(answer).isInstanceOf(TftpPacket.Error.class);
      assertThat(((TftpPacket.Error) answer).error()).isEqualTo(TftpError.ILLEGAL_OPERATION);
    }
  }

  @Test
  void pastMaxTransfersARequestIsToldTheServerIsBusy() throws Exception {
    TftpVerticle verticle = new TftpVerticle();
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", dir.resolve("data-busy").toString())
        .put("host", "127.0.0.1").put("port", 0).put("root", dir.resolve("tftp").toString()).put("timeoutMillis", 1_000)
        .put("maxTransfers", 1);
    String deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    InetSocketAddress busyServer = new InetSocketAddress(InetAddress.getLoopbackAddress(), verticle.port());
    try (DatagramSocket holder = client(); DatagramSocket late = client()) {
      // The first transfer is under way (its first block is out, not yet acknowledged)...
      send(holder, new TftpPacket.Request(false, "medium.bin", "octet", Map.of()), busyServer);
      assertThat(receive(holder).packet()).isInstanceOf(TftpPacket.Data.class);
      // ...so the second is refused with error 0 and a message, not dropped.
      send(late, new TftpPacket.Request(false, "small.bin", "octet", Map.of()), busyServer);
      TftpPacket answer = receive(late).packet();
      assertThat(answer).isInstanceOf(TftpPacket.Error.class);
      assertThat(((TftpPacket.Error) answer).error()).isEqualTo(TftpError.NOT_DEFINED);
      assertThat(((TftpPacket.Error) answer).message()).contains("busy");
    } finally {
      vertx.undeploy(deployment).await();
    }
  }

  @Test
  void aClientErrorEndsTheTransfer() throws Exception {
    try (DatagramSocket client = client()) {
      send(client, new TftpPacket.Request(false, "small.bin", "octet", Map.of()), server);
      Received first = receive(client);
      send(client, new TftpPacket.Error(TftpError.DISK_FULL, "no room"), first.from());
      // The port is closed: the next ACK finds nobody (Linux answers ICMP, which Java may report), and
      // the server sends nothing more, not even a retransmission.
      send(client, new TftpPacket.Ack(1), first.from());
      client.setSoTimeout(1_000);
      List<TftpPacket> more = new ArrayList<>();
      try {
        while (true) {
          more.add(receive(client).packet());
        }
      } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException quiet) {
        // expected
      }
      assertThat(more).isEmpty();
    }
  }

  @Test
  void manyWindowedTransfersAtOnceAllArriveIntact() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(pool.submit((Callable<byte[]>) () -> fetchWindowed("medium.bin", 1468, 8)));
      }
      for (Future<byte[]> r : results) {
        assertThat(r.get()).isEqualTo(medium);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A minimal RFC 7440 client: ACKs the last block of each window, or the last in-order block. */
  static byte[] fetchWindowed(String file, int blockSize, int window) throws Exception {
    try (DatagramSocket client = client()) {
      send(client, new TftpPacket.Request(false, file, "octet",
          Map.of("blksize", Integer.toString(blockSize), "windowsize", Integer.toString(window))), server);
      Received oack = receive(client);
      assertThat(oack.packet()).isInstanceOf(TftpPacket.OptionAck.class);
      InetSocketAddress tid = oack.from();
      send(client, new TftpPacket.Ack(0), tid);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      int expected = 1;
      int inWindow = 0;
      while (true) {
        Received r = receive(client);
        if (!(r.packet() instanceof TftpPacket.Data data)) {
          throw new AssertionError("expected DATA, got " + r.packet());
        }
        int ahead = (data.block() - expected) & 0xffff;
        if (ahead > 0x8000) {
          continue; // a block we already have (a window sent again)
        }
        if (ahead > 0) {
          send(client, new TftpPacket.Ack((expected - 1) & 0xffff), tid); // a gap: ask again from here
          inWindow = 0;
          continue;
        }
        got.write(data.payload(), data.offset(), data.length());
        boolean last = data.length() < blockSize;
        if (last || ++inWindow == window) {
          send(client, new TftpPacket.Ack(expected & 0xffff), tid);
          inWindow = 0;
        }
        if (last) {
          return got.toByteArray();
        }
        expected++;
      }
    }
  }

  static byte[] payload(Received r) {
    TftpPacket.Data d = (TftpPacket.Data) r.packet();
    byte[] out = new byte[d.length()];
    System.arraycopy(d.payload(), d.offset(), out, 0, d.length());
    return out;
  }
}
