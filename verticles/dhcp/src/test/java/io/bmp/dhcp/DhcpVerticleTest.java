package io.bmp.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.bus.Bus;
import io.bmp.core.bus.Codecs;
import io.bmp.core.contract.DhcpContract;
import io.bmp.core.contract.DhcpContract.BootSpec;
import io.bmp.core.contract.DhcpContract.Release;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.contract.DhcpContract.ReservationList;
import io.bmp.core.contract.DhcpContract.ReservationState;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.testing.Ports;
import io.bmp.protocols.dhcp.DhcpMessage;
import io.bmp.protocols.dhcp.Ipv4;
import io.bmp.protocols.dhcp.MessageType;
import io.bmp.protocols.dhcp.Options;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dhcp verticle on loopback, reached the way a relay agent reaches it (giaddr set, replies to
 * the relay's port): reservations over the event bus, answers on the wire, and the room's own copy
 * surviving a restart. Real clients (dhclient, udhcpc, perfdhcp) are in the launcher's network tests.
 */
class DhcpVerticleTest {

  private static final int CLIENT_NETWORK = Ipv4.parse("10.99.0.0");

  static final String MAC = "52:54:00:aa:bb:01";
  static final BootSpec BOOT = new BootSpec("http://10.99.0.1:8082/liveos/vmlinuz", "http://10.99.0.1:8082/liveos/initrd.img",
      List.of("console=ttyS0"), "http://10.99.0.1:8080/v1/agent", "token-0123456789abcdef");

  @TempDir Path data;
  Vertx vertx;
  DatagramSocket relay;
  int serverPort;
  String deployment;

  /** The registry the verticle counts its messages in, as the node's /metrics would show them. */
  final String registry = "dhcp-test-" + System.nanoTime();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.builder().with(new io.vertx.core.VertxOptions().setMetricsOptions(
        new io.vertx.micrometer.MicrometerMetricsOptions().setEnabled(true).setRegistryName(registry)))
        .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
        .build();
    Codecs.registerAll(vertx);
    relay = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    relay.setSoTimeout(10_000);
    serverPort = Ports.free();
    deploy();
  }

  void deploy() {
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", data.toString()).put("metricsRegistry", registry)
        .put("host", "127.0.0.1").put("port", serverPort).put("relayPort", relay.getLocalPort())
        .put("serverId", "127.0.0.1").put("nextServer", "10.99.0.1")
        .put("subnets", new JsonArray().add(new JsonObject().put("network", "10.99.0.0/24").put("router", "10.99.0.254")
            .put("dns", new JsonArray().add("10.99.0.53")).put("domain", "lab.example").put("leaseSeconds", 600)))
        .put("boot", new JsonObject().put("bios", "undionly.kpxe").put("ipxeScriptUrl", "http://10.99.0.1:8082/boot/{mac}.ipxe"));
    deployment = vertx.deployVerticle(new DhcpVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void stop() {
    relay.close();
    vertx.close().await();
  }

  /** How many messages the verticle counted with this outcome (bmp_dhcp_messages_total). */
  double counted(String outcome) {
    var counter = io.vertx.micrometer.backends.BackendRegistries.getNow(registry).find("bmp_dhcp_messages_total")
        .tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  ReservationState reserve(Reservation r) {
    return Bus.request(vertx, DhcpContract.endpoint("r1"), DhcpContract.RESERVE, r, ReservationState.class).await();
  }

  DhcpMessage exchange(DhcpMessage... requests) throws Exception {
    for (DhcpMessage m : requests) {
      // A relay on loopback names the client's network itself (RFC 3011), as a relay whose giaddr
      // is not on that network must: the server answers only clients of their reservation's network.
      byte[] bytes = m.giaddr(Ipv4.parse("127.0.0.1")).optionAddress(Options.SUBNET_SELECTION, CLIENT_NETWORK).encode();
      relay.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), serverPort));
    }
    byte[] buffer = new byte[1500];
    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
    relay.receive(answer);
    return DhcpMessage.decode(buffer, 0, answer.getLength());
  }

  @Test
  void answersAReservedMacThroughTheRelayAndNobodyElse() throws Exception {
    ReservationState state = reserve(new Reservation("52-54-00-AA-BB-01", "10.99.0.21", "node-1", BOOT));
    assertThat(state.active()).isTrue();
    assertThat(state.mac()).isEqualTo(MAC);
    assertThat(state.total()).isEqualTo(1);
    assertThat(state.reservation().boot().agentToken()).as("the token never travels back").isNull();

    // The unknown MAC goes first; the first answer must still be the reserved MAC's.
    DhcpMessage offer = exchange(
        DhcpMessage.request().mac("52:54:00:aa:bb:99").xid(1).type(MessageType.DISCOVER),
        DhcpMessage.request().mac(MAC).xid(2).type(MessageType.DISCOVER).option(Options.USER_CLASS, "iPXE"));
    assertThat(offer.xid()).isEqualTo(2);
    assertThat(offer.type()).isEqualTo(MessageType.OFFER);
    assertThat(Ipv4.format(offer.yiaddr())).isEqualTo("10.99.0.21");
    assertThat(offer.optionString(Options.HOSTNAME)).isEqualTo("node-1");
    assertThat(offer.optionString(Options.BOOTFILE_NAME)).isEqualTo("http://10.99.0.1:8082/boot/52-54-00-aa-bb-01.ipxe");
    assertThat(counted("unknown_client")).as("the unknown MAC, unanswered but counted").isEqualTo(1);
    assertThat(counted("offered")).isEqualTo(1);

    DhcpMessage ack = exchange(DhcpMessage.request().mac(MAC).xid(3).type(MessageType.REQUEST)
        .optionAddress(Options.SERVER_ID, Ipv4.parse("127.0.0.1")).optionAddress(Options.REQUESTED_ADDRESS, offer.yiaddr()));
    assertThat(ack.type()).isEqualTo(MessageType.ACK);
    assertThat(ack.optionAddress(Options.LEASE_TIME)).isEqualTo(600);
  }

  @Test
  void inProxyModeTheAnswerToPort4011ComesFromThatPort() throws Exception {
    vertx.undeploy(deployment).await();
    int proxyPort = Ports.free();
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", data.toString()).put("mode", "proxy")
        .put("host", "127.0.0.1").put("port", serverPort).put("proxyPort", proxyPort).put("relayPort", relay.getLocalPort())
        .put("serverId", "127.0.0.1").put("nextServer", "10.99.0.1")
        .put("subnets", new JsonArray().add(new JsonObject().put("network", "10.99.0.0/24")))
        .put("boot", new JsonObject().put("bios", "undionly.kpxe").put("ipxeScriptUrl", "http://10.99.0.1:8082/boot/{mac}.ipxe"));
    deployment = vertx.deployVerticle(new DhcpVerticle(), new DeploymentOptions().setConfig(config)).await();
    reserve(new Reservation(MAC, "10.99.0.21", "node-1", BOOT));

    // A PXE client with its address (from the network's own server) asks the proxy on 4011.
    byte[] request = DhcpMessage.request().mac(MAC).xid(7).type(MessageType.REQUEST).ciaddr(Ipv4.parse("127.0.0.1"))
        .option(Options.VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001").option(Options.CLIENT_ARCH, new byte[] {0, 0}).encode();
    relay.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), proxyPort));
    byte[] buffer = new byte[1500];
    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
    relay.receive(answer);
    DhcpMessage ack = DhcpMessage.decode(buffer, 0, answer.getLength());
    assertThat(ack.type()).isEqualTo(MessageType.ACK);
    assertThat(ack.xid()).isEqualTo(7);
    assertThat(answer.getPort()).as("the source port of the ProxyDHCP ACK").isEqualTo(proxyPort);
    assertThat(ack.yiaddr()).as("a proxy gives no address").isZero();
  }

  @Test
  void offersFromAnotherServerAreReportedAsRogueButNotThoseOfAKnownOne() throws Exception {
    vertx.undeploy(deployment).await();
    int clientPort = Ports.free();
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", data.toString())
        .put("host", "127.0.0.1").put("port", serverPort).put("clientPort", clientPort).put("relayPort", relay.getLocalPort())
        .put("serverId", "127.0.0.1").put("watchRogues", true).put("knownServers", new JsonArray().add("10.99.0.2"))
        .put("metricsRegistry", registry)
        .put("subnets", new JsonArray().add(new JsonObject().put("network", "10.99.0.0/24")));
    List<DhcpContract.DhcpEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.eventBus().<DhcpContract.DhcpEvent>consumer(DhcpContract.EVENTS, m -> events.add(m.body())).completion().await();
    deployment = vertx.deployVerticle(new DhcpVerticle(), new DeploymentOptions().setConfig(config)).await();

    // Offers as another server on the segment broadcasts them to clients (port 68): a known one, then a stranger.
    for (String server : List.of("10.99.0.2", "10.99.0.66")) {
      byte[] offer = DhcpMessage.replyTo(DhcpMessage.request().mac(MAC).xid(9).type(MessageType.DISCOVER))
          .type(MessageType.OFFER).yiaddr(Ipv4.parse("10.99.0.200")).optionAddress(Options.SERVER_ID, Ipv4.parse(server)).encode();
      relay.send(new DatagramPacket(offer, offer.length, InetAddress.getLoopbackAddress(), clientPort));
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200); // time for a second event, which must not come
    assertThat(events).hasSize(1);
    assertThat(events.get(0).kind()).isEqualTo("rogue-server");
    assertThat(events.get(0).room()).isEqualTo("r1");
    assertThat(events.get(0).detail()).contains("10.99.0.66").contains(MAC);
    assertThat(counted("rogue_server")).as("counted for /metrics too").isEqualTo(1);
  }

  @Test
  void aFloodOfGarbageAndMutatedPacketsBreaksNothingAndTheServerKeepsAnswering() throws Exception {
    List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.exceptionHandler(uncaught::add);
    reserve(new Reservation(MAC, "10.99.0.21", "node-1", BOOT));
    int loopback = Ipv4.parse("127.0.0.1");
    List<byte[]> valid = List.of(
        DhcpMessage.request().mac(MAC).xid(7).type(MessageType.DISCOVER).giaddr(loopback)
            .optionAddress(Options.SUBNET_SELECTION, CLIENT_NETWORK)
            .option(Options.USER_CLASS, "iPXE").encode(),
        DhcpMessage.request().mac(MAC).xid(8).type(MessageType.REQUEST).giaddr(loopback)
            .optionAddress(Options.SUBNET_SELECTION, CLIENT_NETWORK).optionAddress(Options.SERVER_ID, loopback)
            .optionAddress(Options.REQUESTED_ADDRESS, Ipv4.parse("10.99.0.21")).encode(),
        DhcpMessage.request().mac(MAC).xid(9).type(MessageType.DISCOVER).giaddr(loopback)
            .optionAddress(Options.SUBNET_SELECTION, CLIENT_NETWORK).option(Options.CLIENT_ARCH, new byte[] {0, 7})
            .option(Options.RELAY_AGENT_INFO, new byte[] {1, 2, 'a', 'b'}).encode());
    int sent = new io.bmp.core.testing.Garbage(2131, valid).flood(serverPort, 50_000);
    assertThat(sent).isEqualTo(50_000);

    // Answers to the mutated packets that were still valid fill the relay's socket buffer, and a
    // full buffer drops what comes next: like a real client, ask again each second, skipping them.
    byte[] bytes = DhcpMessage.request().mac(MAC).xid(0x5eed).type(MessageType.DISCOVER).giaddr(loopback)
        .optionAddress(Options.SUBNET_SELECTION, CLIENT_NETWORK).encode();
    DhcpMessage offer = null;
    byte[] buffer = new byte[1500];
    relay.setSoTimeout(1000);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((offer == null || offer.xid() != 0x5eed) && System.nanoTime() < deadline) {
      relay.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), serverPort));
      try {
        for (int drained = 0; drained < 10_000 && (offer == null || offer.xid() != 0x5eed); drained++) {
          DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
          relay.receive(answer);
          offer = DhcpMessage.decode(buffer, 0, answer.getLength());
        }
      } catch (java.net.SocketTimeoutException quiet) {
        // ask again
      }
    }
    assertThat(offer).as("the server still answers").isNotNull();
    assertThat(offer.xid()).isEqualTo(0x5eed);
    assertThat(offer.type()).isEqualTo(MessageType.OFFER);
    assertThat(Ipv4.format(offer.yiaddr())).isEqualTo("10.99.0.21");
    assertThat(uncaught).as("no exception escaped to Vert.x").isEmpty();
  }

  @Test
  void theRoomKeepsItsReservationsAcrossARestart() throws Exception {
    reserve(new Reservation(MAC, "10.99.0.22", "node-2", BOOT));
    vertx.undeploy(deployment).await();
    Path file = data.resolve("rooms/r1/reservations.json");
    assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    vertx.close().await();
    vertx = Vertx.vertx(); // a new process, as far as the room's book is concerned
    Codecs.registerAll(vertx);
    deploy();
    ReservationList list = Bus.request(vertx, DhcpContract.endpoint("r1"), DhcpContract.LIST, null, ReservationList.class).await();
    assertThat(list.reservations()).extracting(Reservation::mac).containsExactly(MAC);
    assertThat(list.reservations().get(0).boot().agentToken()).isNull();
    DhcpMessage offer = exchange(DhcpMessage.request().mac(MAC).xid(4).type(MessageType.DISCOVER));
    assertThat(Ipv4.format(offer.yiaddr())).isEqualTo("10.99.0.22");

    ReservationState released = Bus.request(vertx, DhcpContract.endpoint("r1"), DhcpContract.RELEASE, new Release(MAC),
        ReservationState.class).await();
    assertThat(released.active()).isFalse();
    assertThat(released.total()).isZero();
    assertThat(Files.readString(file)).isEqualTo("[]");
  }

  @Test
  void refusesBadReservationsWithTypedErrors() {
    reserve(new Reservation(MAC, "10.99.0.30", null, null));
    assertThat(code(new Reservation("not-a-mac", "10.99.0.31", null, null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(code(new Reservation("52:54:00:aa:bb:02", "10.1.1.1", null, null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(code(new Reservation("52:54:00:aa:bb:02", "10.99.0.300", null, null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(code(new Reservation("52:54:00:aa:bb:02", "10.99.0.31", "bad_name!", null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(code(new Reservation("52:54:00:aa:bb:02", "10.99.0.30", null, null))).isEqualTo(ErrorCode.ALREADY_EXISTS);
    BootSpec leaky = new BootSpec(BOOT.kernelUrl(), BOOT.initrdUrl(), List.of("bmp.mq=amqp://guest:guest@10.0.0.1"),
        BOOT.agentEndpoint(), BOOT.agentToken());
    assertThat(code(new Reservation("52:54:00:aa:bb:02", "10.99.0.31", null, leaky))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  private ErrorCode code(Reservation r) {
    try {
      reserve(r);
      throw new AssertionError("accepted " + r);
    } catch (BmpException e) {
      return e.code();
    }
  }

  @Test
  void aSilentServerStillKeepsReservations() {
    assertThatThrownBy(() -> DhcpSettings.from(new JsonObject().put("serverId", "10.0.0.1")))
        .isInstanceOf(BmpException.class).hasMessageContaining("subnet");
    assertThatThrownBy(() -> DhcpSettings.from(new JsonObject().put("mode", "relay")))
        .isInstanceOf(BmpException.class).hasMessageContaining("full or proxy");
    assertThat(DhcpSettings.from(new JsonObject()).serving()).isFalse();
  }
}
