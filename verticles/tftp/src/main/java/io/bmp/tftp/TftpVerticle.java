package io.bmp.tftp;

import io.bmp.core.boot.RoomReservations;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.DhcpContract.BootSpec;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.core.node.Meters;
import io.bmp.protocols.pxe.BootConfigs;
import io.bmp.protocols.pxe.BootProfile;
import io.bmp.protocols.tftp.Negotiation;
import io.bmp.protocols.tftp.TftpDecodeException;
import io.bmp.protocols.tftp.TftpError;
import io.bmp.protocols.tftp.TftpPacket;
import io.bmp.protocols.tftp.TftpPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tftp component: a read-only TFTP server for one room (boot loaders from a directory, per-MAC
 * iPXE/GRUB/pxelinux configs rendered from the room's reservations), each transfer on its own port.
 *
 * <p>Requests are read on one socket; the transfers they start are spread round-robin over
 * {@code transferLoops} event-loop contexts of their own (by default one per CPU), so that a room
 * full of PXE ROMs asking at once is served by every core, not by the verticle's one event loop; on
 * epoll those loops poll for the next ACK before they sleep ({@link TransferLoops}).
 */
public final class TftpVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(TftpVerticle.class);

  private TftpSettings settings;
  private RoomReservations book;
  private FileCache files;
  private MeterRegistry meters;
  private DatagramSocket requests;
  private TransferLoops loops;
  private final Set<Transfer> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();

  public TftpVerticle() {
    super(Component.TFTP);
  }

  @Override
  protected Future<Void> startComponent() {
    settings = TftpSettings.from(config());
    meters = Meters.registry(config());
    files = new FileCache(vertx, settings.root(), settings.cacheBytes());
    loops = TransferLoops.create(vertx, settings.transferLoops(), settings.spinMicros());
    return vertx.executeBlocking(() -> Files.createDirectories(settings.root()), false)
        .compose(v -> RoomReservations.open(vertx, room(), Path.of(config().getString("dataDir", "./data"))))
        .compose(opened -> {
          book = opened;
          // A rack's firmware asks for its boot file in one burst: room for it (capped by net.core.rmem_max).
          requests = io.bmp.core.net.DatagramSockets.create(vertx,
              new DatagramSocketOptions().setReuseAddress(true).setReceiveBufferSize(4 << 20), 9216);
          requests.handler(this::onRequest);
          return requests.listen(settings.port(), settings.host());
        })
        .onSuccess(s -> LOG.info("TFTP-LISTENING room={} address={}:{} root={} maxBlockSize={} maxWindowSize={} transferLoops={} spinMicros={}",
            room(), settings.host(), s.localAddress().port(), settings.root(), settings.maxBlockSize(), settings.maxWindowSize(),
            loops.size(), loops.spinning() ? settings.spinMicros() : 0))
        .recover(failed -> loops.close().transform(closed -> Future.failedFuture(failed))) // no stop() after a failed start
        .mapEmpty();
  }

  /** The port requests are read on (useful when configured as 0). */
  public int port() {
    return requests.localAddress().port();
  }

  @Override
  protected Future<Void> stopComponent() {
    running.forEach(Transfer::abort);
    Future<Void> closed = requests == null ? Future.succeededFuture() : requests.close();
    return closed.eventually(() -> loops == null ? Future.succeededFuture() : loops.close());
  }

  private void onRequest(DatagramPacket packet) {
    String host = packet.sender().hostAddress();
    int port = packet.sender().port();
    TftpPacket p;
    try {
      byte[] bytes = packet.data().getBytes();
      p = TftpPacket.decode(bytes, 0, bytes.length);
    } catch (TftpDecodeException e) {
      meters.counter("bmp_tftp_dropped_total").increment();
      LOG.debug("TFTP-DROPPED room={} from={}:{} reason=\"{}\"", room(), host, port, e.getMessage());
      return;
    }
    if (!(p instanceof TftpPacket.Request request)) {
      return; // stray ACK/DATA on port 69 belongs to no transfer
    }
    if (request.write()) {
      refuse(host, port, TftpError.ACCESS_VIOLATION, "this server is read-only", request.filename());
      return;
    }
    if (!request.mode().equals("octet") && !request.mode().equals("netascii")) {
      refuse(host, port, TftpError.ILLEGAL_OPERATION, "mode " + request.mode() + " is not served", request.filename());
      return;
    }
    String relative;
    try {
      relative = TftpPaths.relative(request.filename());
    } catch (TftpPaths.Refused e) {
      refuse(host, port, TftpError.ACCESS_VIOLATION, e.getMessage(), request.filename());
      return;
    }
    if (active.get() >= settings.maxTransfers()) {
      refuse(host, port, TftpError.NOT_DEFINED, "server busy, try again", relative);
      return;
    }
    active.incrementAndGet();
    open(relative, request.mode().equals("netascii"))
        .compose(source -> start(request, relative, source, host, port))
        .onComplete(done -> active.decrementAndGet())
        .onFailure(failure -> {
          TftpRefusal refusal = TftpRefusal.of(failure);
          refuse(host, port, refusal.error(), refusal.getMessage(), relative);
        });
  }

  private Future<BlockSource> open(String relative, boolean netascii) {
    Optional<BootConfigs.Wanted> wanted = BootConfigs.parse(relative);
    Future<BlockSource> source;
    try {
      source = wanted.isPresent() ? Future.succeededFuture(render(wanted.get())) : files.open(relative);
    } catch (RuntimeException e) {
      source = Future.failedFuture(e);
    }
    return netascii ? source.compose(s -> Netascii.convert(vertx, s)) : source;
  }

  private BlockSource render(BootConfigs.Wanted wanted) {
    Reservation r = book.find(wanted.mac()).orElse(null);
    BootSpec boot = r == null ? null : r.boot();
    if (boot == null) {
      throw new TftpRefusal(TftpError.FILE_NOT_FOUND, "no boot config for " + wanted.mac());
    }
    BootProfile profile = new BootProfile(r.mac(), boot.kernelUrl(), boot.initrdUrl(), boot.kernelArgs(),
        boot.agentEndpoint(), boot.agentToken());
    return BlockSource.of(BootConfigs.render(wanted.kind(), profile).getBytes(StandardCharsets.UTF_8));
  }

  private Future<Void> start(TftpPacket.Request request, String relative, BlockSource source, String host, int port) {
    Negotiation negotiation = Negotiation.of(request.options(), settings.maxBlockSize(), settings.maxWindowSize(), source.size());
    InetSocketAddress client;
    try {
      client = new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no lookup
    } catch (UnknownHostException e) {
      source.close();
      return Future.failedFuture(e);
    }
    ContextInternal loop = loops.next();
    long started = System.nanoTime();
    Future<Transfer.Outcome> outcome = Transfer.start(loop, settings.host(), client, source, negotiation,
        settings.timeoutMillis(), settings.maxRetries(), running);
    return outcome.map(o -> {
      double millis = (System.nanoTime() - started) / 1e6;
      meters.counter("bmp_tftp_transfers_total", "result", o.complete() ? "complete" : "failed").increment();
      meters.counter("bmp_tftp_bytes_total").increment(o.bytes());
      if (o.complete()) {
        LOG.info("TFTP-SENT room={} client={}:{} file={} bytes={} blksize={} windowsize={} ms={} retransmissions={}",
            room(), host, port, relative, o.bytes(), negotiation.blockSize(), negotiation.windowSize(),
            String.format("%.1f", millis), o.retransmissions());
      } else {
        LOG.warn("TFTP-FAILED room={} client={}:{} file={} reason=\"{}\"", room(), host, port, relative, o.reason());
      }
      return null;
    });
  }

  /** Answers a refused request with its TFTP error from a port of its own, as a transfer would. */
  private void refuse(String host, int port, TftpError error, String message, String file) {
    meters.counter("bmp_tftp_refused_total", "error", error.name().toLowerCase()).increment();
    LOG.info("TFTP-REFUSED room={} client={}:{} file=\"{}\" error={} reason=\"{}\"", room(), host, port, file, error, message);
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.listen(0, settings.host())
        .compose(s -> s.send(Buffer.buffer(new TftpPacket.Error(error, message).encode()), port, host))
        .onComplete(done -> socket.close());
  }

  @Override
  protected Future<JsonObject> health() {
    return super.health().map(details -> details.put("root", settings.root().toString()).put("activeTransfers", active.get()));
  }
}
