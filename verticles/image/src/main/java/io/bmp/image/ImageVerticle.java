package io.bmp.image;

import io.bmp.core.boot.RoomReservations;
import io.bmp.core.contract.Component;
import io.bmp.core.contract.DhcpContract.BootSpec;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.core.node.Meters;
import io.bmp.protocols.pxe.BootConfigs;
import io.bmp.protocols.pxe.BootProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image component: the HTTP file server of one room (and of central, as origin) for GuestOS
 * images, LiveOS kernels and initrds, and the per-MAC iPXE scripts the room's DHCP points iPXE at.
 *
 * <p>Files are served by vertx-web's {@link StaticHandler} (Range requests, Last-Modified, and
 * zero-copy sendfile), with a strong ETag and {@code X-Checksum-Sha256} from the SHA-256 the store
 * keeps beside each file ({@link Checksums}). Dot-files (partial uploads, checksum sidecars) are
 * never served.
 *
 * <pre>{ "host": "0.0.0.0", "port": 8082, "store": "&lt;dataDir&gt;/images" }</pre>
 */
public final class ImageVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ImageVerticle.class);

  private Path store;
  private RoomReservations book;
  private MeterRegistry meters;
  private Checksums checksums;
  private HttpServer server;

  public ImageVerticle() {
    super(Component.IMAGE);
  }

  @Override
  protected Future<Void> startComponent() {
    JsonObject config = config();
    Path dataDir = Path.of(config.getString("dataDir", "./data"));
    store = Path.of(config.getString("store", dataDir.resolve("images").toString())).toAbsolutePath().normalize();
    meters = Meters.registry(config);
    checksums = new Checksums(vertx, store);
    return vertx.executeBlocking(() -> Files.createDirectories(store), false)
        .compose(v -> RoomReservations.open(vertx, room(), dataDir))
        .compose(opened -> {
          book = opened;
          server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true));
          return server.requestHandler(router(config)).listen(config.getInteger("port", 8082), config.getString("host", "0.0.0.0"));
        })
        .onSuccess(s -> LOG.info("IMAGE-LISTENING room={} address={}:{} store={}", room(), config.getString("host", "0.0.0.0"),
            s.actualPort(), store))
        .mapEmpty();
  }

  /** The port it listens on (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  private Router router(JsonObject config) {
    Router router = Router.router(vertx);
    router.get("/boot/:script").handler(this::bootScript);
    String registry = config.getString("metricsRegistry");
    if (registry != null && BackendRegistries.getNow(registry) != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
    router.route().method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
        .handler(checksums::tag)
        .handler(StaticHandler.create(FileSystemAccess.ROOT, store.toString())
            .setIncludeHidden(false)
            .setDirectoryListing(false)
            .setEnableRangeSupport(true)
            .setSendVaryHeader(false)
            .setCachingEnabled(true)
            .setFilesReadOnly(false)); // images are replaced in place by re-uploads; never trust a stale size
    return router;
  }

  /** {@code GET /boot/<mac>.ipxe}: the iPXE script of a reserved MAC, rendered from the room's book. */
  private void bootScript(RoutingContext ctx) {
    String name = "boot/" + ctx.pathParam("script");
    Optional<BootConfigs.Wanted> wanted = BootConfigs.parse(name).filter(w -> w.kind() == BootConfigs.Kind.IPXE);
    Reservation reservation = wanted.flatMap(w -> book.find(w.mac())).orElse(null);
    BootSpec boot = reservation == null ? null : reservation.boot();
    String client = ctx.request().remoteAddress().hostAddress();
    if (boot == null) {
      meters.counter("bmp_image_boot_scripts_total", "result", "unknown").increment();
      LOG.info("IMAGE-SCRIPT-UNKNOWN room={} client={} path={}", room(), client, name);
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("#!ipxe\necho no boot script for this MAC\n");
      return;
    }
    String script;
    try {
      script = BootConfigs.ipxe(new BootProfile(reservation.mac(), boot.kernelUrl(), boot.initrdUrl(),
          boot.kernelArgs(), boot.agentEndpoint(), boot.agentToken()));
    } catch (IllegalArgumentException e) {
      // The dhcp verticle checks every reservation it is given; a hand-edited reservations.json can
      // still hold one that would leak a secret or break the script, and it is refused here too.
      meters.counter("bmp_image_boot_scripts_total", "result", "invalid").increment();
      LOG.warn("IMAGE-SCRIPT-INVALID room={} mac={} client={} reason=\"{}\"", room(), reservation.mac(), client, e.getMessage());
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
          .end("#!ipxe\necho the boot spec of this MAC is not usable\n");
      return;
    }
    meters.counter("bmp_image_boot_scripts_total", "result", "served").increment();
    LOG.info("IMAGE-SCRIPT room={} mac={} client={}", room(), reservation.mac(), client);
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store").end(script);
  }

  @Override
  protected Future<Void> stopComponent() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return super.health().map(details -> details.put("store", store.toString()));
  }
}
