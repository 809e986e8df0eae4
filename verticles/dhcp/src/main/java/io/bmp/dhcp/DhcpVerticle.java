package io.bmp.dhcp;

import io.bmp.core.boot.RoomReservations;
import io.bmp.core.bus.BusService;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.DhcpContract;
import io.bmp.core.contract.DhcpContract.DhcpEvent;
import io.bmp.core.contract.DhcpContract.Release;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.contract.DhcpContract.ReservationList;
import io.bmp.core.contract.DhcpContract.ReservationState;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.core.node.Meters;
import io.bmp.protocols.dhcp.Decision;
import io.bmp.protocols.dhcp.DhcpDecodeException;
import io.bmp.protocols.dhcp.DhcpMessage;
import io.bmp.protocols.dhcp.DhcpServer;
import io.bmp.protocols.dhcp.Ipv4;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dhcp component: the DHCPv4 server of one room, a thin UDP adapter around {@link DhcpServer}.
 *
 * <p>Answers only MACs the room holds a reservation for ({@link RoomReservations}, filled by
 * central through {@link DhcpContract#RESERVE}); everything it decides is counted in
 * {@code bmp_dhcp_messages_total{outcome}} and logged one line per message, unknown clients at debug.
 */
public final class DhcpVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(DhcpVerticle.class);

  private DhcpSettings settings;
  private RoomReservations book;
  private Reservations reservations;
  private final java.util.EnumMap<Decision.Outcome, io.micrometer.core.instrument.Counter> outcomes =
      new java.util.EnumMap<>(Decision.Outcome.class);
  private DhcpServer logic;
  private MeterRegistry meters;
  private final List<DatagramSocket> sockets = new ArrayList<>();
  private DatagramSocket mainSocket;
  /** A DHCP message fits an Ethernet frame (RFC 2131's 576 bytes at least, 1500 usual); jumbo frames too. */
  private static final int MAX_MESSAGE_BYTES = 9216;
  private DatagramSocket replySocket;
  /** Proxy mode only: port 4011, which also answers what arrives there. */
  private DatagramSocket proxySocket;
  private final AtomicLong rogueReplies = new AtomicLong();
  private final RecentKeys unknownClients = new RecentKeys(java.time.Duration.ofMinutes(1), 4096);

  public DhcpVerticle() {
    super(Component.DHCP);
  }

  @Override
  protected Future<Void> startComponent() {
    settings = DhcpSettings.from(config());
    meters = Meters.registry(config());
    Path dataDir = Path.of(config().getString("dataDir", "./data"));
    return RoomReservations.open(vertx, room(), dataDir).compose(opened -> {
      book = opened;
      reservations = new Reservations(book, settings);
      for (Decision.Outcome outcome : Decision.Outcome.values()) {
        outcomes.put(outcome, meters.counter("bmp_dhcp_messages_total", "outcome", outcome.name().toLowerCase()));
      }
      logic = new DhcpServer(settings.mode(), settings.serving() ? settings.serverId() : 0, settings.nextServer(),
          settings.subnets(), settings.boot(), reservations::forDhcp, settings.knownServers());
      if (!settings.serving()) {
        LOG.info("DHCP-SILENT room={} reason=\"no serverId configured\" reservations={}", room(), book.size());
        return Future.succeededFuture();
      }
      return listen();
    });
  }

  private Future<Void> listen() {
    List<Future<?>> opened = new ArrayList<>();
    mainSocket = socket(packet -> onPacket(packet, false));
    opened.add(mainSocket.listen(settings.port(), settings.host()));
    replySocket = mainSocket;
    if (settings.host().equals("0.0.0.0")) {
      // Replies leave from a socket bound to the server's own address: Linux then sends a limited
      // broadcast (255.255.255.255) out of that address's interface, even where no default route
      // exists; from the wildcard socket it fails with "network unreachable". Requests still
      // arrive on the wildcard socket, which alone receives broadcasts.
      DatagramSocket bound = socket(packet -> onPacket(packet, false));
      opened.add(bound.listen(settings.port(), Ipv4.format(settings.serverId()))
          .onSuccess(s -> replySocket = bound)
          .otherwise(failure -> {
            LOG.warn("DHCP-REPLY-SOCKET room={} address={} error=\"{}\" (replies leave from the wildcard socket)",
                room(), Ipv4.format(settings.serverId()), failure.getMessage());
            return null;
          }));
    }
    if (settings.mode() == DhcpServer.Mode.PROXY) {
      // The answer to a request on port 4011 leaves from 4011 (PXE spec 2.1, §2.2.3): PXE clients,
      // iPXE among them, drop a ProxyDHCP ACK that comes from any other port.
      proxySocket = socket(packet -> onPacket(packet, true));
      opened.add(proxySocket.listen(settings.proxyPort(), settings.host()));
    }
    if (settings.watchRogues()) {
      // Offers from other servers go to clients on port 68; a listener there sees them.
      opened.add(socket(packet -> onPacket(packet, false)).listen(settings.clientPort(), settings.host()));
    }
    return Future.all(opened).<Void>mapEmpty().onSuccess(v -> LOG.info(
        "DHCP-LISTENING room={} mode={} address={}:{} serverId={} subnets={} reservations={}", room(),
        settings.mode(), settings.host(), settings.port(), Ipv4.format(settings.serverId()), settings.subnets(), book.size()));
  }

  private DatagramSocket socket(io.vertx.core.Handler<DatagramPacket> handler) {
    // A rack powered on at once sends its DISCOVERs in one burst; the default 208 KB receive buffer
    // drops part of it (each a client's resend seconds later). The kernel caps this at net.core.rmem_max.
    DatagramSocket socket = io.bmp.core.net.DatagramSockets.create(vertx, new DatagramSocketOptions().setBroadcast(true)
        .setReuseAddress(true).setReceiveBufferSize(4 << 20), MAX_MESSAGE_BYTES);
    socket.handler(handler);
    socket.exceptionHandler(e -> LOG.warn("DHCP-SOCKET-ERROR room={} error={}", room(), e.toString()));
    sockets.add(socket);
    return socket;
  }

  private void onPacket(DatagramPacket packet, boolean proxyPort) {
    byte[] bytes = packet.data().getBytes();
    DhcpMessage message;
    try {
      message = DhcpMessage.decode(bytes);
    } catch (DhcpDecodeException e) {
      meters.counter("bmp_dhcp_dropped_total", "reason", e.reason().name().toLowerCase()).increment();
      LOG.debug("DHCP-DROPPED room={} from={} reason={} detail=\"{}\"", room(), packet.sender(), e.reason(), e.getMessage());
      return;
    }
    int source = parseOrZero(packet.sender().hostAddress());
    Decision decision = logic.handle(message, proxyPort, source, packet.sender().port());
    outcomes.get(decision.outcome()).increment();
    switch (decision.outcome()) {
      case UNKNOWN_CLIENT -> {
        // Logged, but once a minute per MAC: a machine left PXE-booting asks every few seconds.
        if (unknownClients.firstInAWhile(message.mac(), System.nanoTime())) {
          LOG.info("DHCP room={} outcome={} {} (repeats of this MAC are not logged for a minute)", room(),
              decision.outcome(), decision.detail());
        } else {
          LOG.debug("DHCP room={} outcome={} {}", room(), decision.outcome(), decision.detail());
        }
      }
      case IGNORED, NOT_PXE, OTHER_SERVER ->
          LOG.debug("DHCP room={} outcome={} {}", room(), decision.outcome(), decision.detail());
      case ROGUE_SERVER -> {
        rogueReplies.incrementAndGet();
        LOG.warn("DHCP-ROGUE-SERVER room={} {}", room(), decision.detail());
        vertx.eventBus().publish(DhcpContract.EVENTS, new DhcpEvent(room(), "rogue-server", decision.detail()));
      }
      case DECLINED -> {
        LOG.warn("DHCP-DECLINED room={} {}", room(), decision.detail());
        vertx.eventBus().publish(DhcpContract.EVENTS, new DhcpEvent(room(), "address-declined", decision.detail()));
      }
      default -> LOG.info("DHCP room={} outcome={} {}", room(), decision.outcome(), decision.detail());
    }
    if (decision.answers()) {
      send(decision, proxyPort ? proxySocket : replySocket);
    }
  }

  private void send(Decision decision, DatagramSocket from) {
    String to = decision.destination() == Decision.BROADCAST ? "255.255.255.255" : Ipv4.format(decision.destination());
    int port = switch (decision.port()) {
      case DhcpServer.CLIENT_PORT -> settings.clientPort();
      case DhcpServer.SERVER_PORT -> settings.relayPort();
      default -> decision.port();
    };
    from.send(Buffer.buffer(decision.reply().encode()), port, to).onFailure(e -> {
      meters.counter("bmp_dhcp_send_failures_total").increment();
      LOG.warn("DHCP-SEND-FAILED room={} to={}:{} error={}", room(), to, port, e.toString());
    });
  }

  private static int parseOrZero(String address) {
    try {
      return Ipv4.parse(address);
    } catch (IllegalArgumentException notIpv4) {
      return 0;
    }
  }

  @Override
  protected Future<Void> stopComponent() {
    return Future.all(sockets.stream().map(DatagramSocket::close).toList()).mapEmpty();
  }

  @Override
  protected Map<String, BusService.Action> actions() {
    return Map.of(
        DhcpContract.RESERVE, message -> reserve(message.body() instanceof Reservation r ? r
            : Reservation.fromJson(json(message.body()))),
        DhcpContract.RELEASE, message -> release(message.body() instanceof Release r ? r
            : Release.fromJson(json(message.body()))),
        DhcpContract.LIST, message -> Future.succeededFuture(new ReservationList(room(),
            book.all().stream().map(Reservation::withoutSecrets).toList())));
  }

  private static JsonObject json(Object body) {
    return body instanceof JsonObject json ? json : new JsonObject();
  }

  private Future<ReservationState> reserve(Reservation requested) {
    Reservation checked = reservations.check(requested);
    return book.put(checked).map(saved -> {
      LOG.info("DHCP-RESERVED room={} mac={} address={} hostname={} boot={}", room(), saved.mac(), saved.address(),
          saved.hostname(), saved.boot() != null);
      return new ReservationState(room(), saved.mac(), true, saved.withoutSecrets(), book.size());
    });
  }

  private Future<ReservationState> release(Release release) {
    String mac = Reservations.canonicalMac(release.mac());
    return book.remove(mac).map(removed -> {
      LOG.info("DHCP-RELEASED room={} mac={} held={}", room(), mac, removed.isPresent());
      return new ReservationState(room(), mac, false, null, book.size());
    });
  }

  @Override
  protected Future<JsonObject> health() {
    return super.health().map(details -> details
        .put("listening", settings.serving())
        .put("mode", settings.mode().name().toLowerCase())
        .put("reservations", book == null ? 0 : book.size())
        .put("rogueReplies", rogueReplies.get()));
  }
}
