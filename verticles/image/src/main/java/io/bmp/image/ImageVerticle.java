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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.bmp.core.bus.BusService;
import io.bmp.core.contract.ImageContract;
import io.bmp.core.contract.ImageContract.Pin;
import io.bmp.core.contract.ImageContract.PinState;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
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
 * <p>A room's store is a pull-through cache of the central origin ({@code origin}): a file it does
 * not hold is fetched once ({@link PullThrough}), verified, kept, and evicted least recently used
 * first when the store outgrows {@code maxBytes}, unless a download or an install's pin holds it
 * ({@link StoreBudget}). {@code PUT} streams a file in and {@code DELETE} takes one back
 * ({@link Uploads}), for holders of the {@code uploadToken} only.
 *
 * <pre>{ "host": "0.0.0.0", "port": 8082, "store": "&lt;dataDir&gt;/images",
 *   "origin": "http://central:8082", "maxBytes": 500000000000, "uploadToken": "…" }</pre>
 * ({@code origin} empty: this store is the origin; {@code maxBytes} 0: unbounded; {@code uploadToken}
 * empty: no uploads over HTTP.)
 */
public final class ImageVerticle extends ComponentVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ImageVerticle.class);

  private Path store;
  private RoomReservations book;
  private MeterRegistry meters;
  private Checksums checksums;
  private Uploads uploads;
  private HttpServer server;
  private StoreState state;

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
    URI origin = config.getString("origin", "").isBlank() ? null : URI.create(config.getString("origin"));
    long maxBytes = config.getLong("maxBytes", 0L) == 0 ? Long.MAX_VALUE : config.getLong("maxBytes");
    if (maxBytes < 0 || origin != null && (origin.getHost() == null || !"http".equals(origin.getScheme()))) {
      return Future.failedFuture(new BmpException(ErrorCode.CONFIG_INVALID,
          "image: maxBytes must be positive (0: unbounded) and origin an http:// URL with a host"));
    }
    return vertx.executeBlocking(() -> Files.createDirectories(store), false)
        .compose(v -> {
          state = StoreState.of(vertx, store, maxBytes, origin);
          uploads = new Uploads(vertx, store, state.budget, config.getString("uploadToken"));
          return state.scanned;
        })
        .compose(v -> RoomReservations.open(vertx, room(), dataDir))
        .compose(opened -> {
          book = opened;
          server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true));
          return server.requestHandler(router(config)).listen(config.getInteger("port", 8082), config.getString("host", "0.0.0.0"));
        })
        .onSuccess(s -> LOG.info("IMAGE-LISTENING room={} address={}:{} store={} holds={} bytes origin={} maxBytes={}", room(),
            config.getString("host", "0.0.0.0"), s.actualPort(), store, state.budget.total(), origin == null ? "none" : origin,
            maxBytes == Long.MAX_VALUE ? "unbounded" : maxBytes))
        .mapEmpty();
  }

  /** The port it listens on (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  private Router router(JsonObject config) {
    Router router = Router.router(vertx);
    router.route("/boot/:script").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::bootScript);
    String registry = config.getString("metricsRegistry");
    if (registry != null && BackendRegistries.getNow(registry) != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
    router.put("/*").handler(ctx -> uploads.handle(ctx));
    router.delete("/*").handler(ctx -> uploads.delete(ctx));
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(this::present)
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

  /** {@code GET} (or {@code HEAD}) {@code /boot/<mac>.ipxe}: the iPXE script of a reserved MAC, rendered from the room's book. */
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
    Buffer body = Buffer.buffer(script);
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("Content-Length", Integer.toString(body.length()));
    if (ctx.request().method() == HttpMethod.HEAD) {
      ctx.response().end();
    } else {
      ctx.response().end(body);
    }
  }

  /**
   * Makes sure a requested file is in the store (pulling it from the origin if need be) and holds
   * it against eviction while it is being sent; the static handler then serves it or answers 404.
   */
  private void present(RoutingContext ctx) {
    Path file = fileOf(ctx.normalizedPath());
    if (file == null) {
      ctx.next();
      return;
    }
    ensure(file).onComplete(done -> {
      if (done.failed()) {
        HttpErrors.send(ctx, done.cause());
        return;
      }
      if (done.result()) {
        state.budget.downloadStarted(file);
        ctx.addEndHandler(ended -> state.budget.downloadEnded(file));
      }
      ctx.next();
    });
  }

  /** The stored file a request path names, or null for the store itself, a hidden name or a path leaving the store. */
  private Path fileOf(String path) {
    String relative = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
    Path file = store.resolve(relative).normalize();
    if (relative.isEmpty() || !file.startsWith(store) || file.equals(store) || StoreBudget.hidden(store.relativize(file))) {
      return null;
    }
    return file;
  }

  /** True once the file is in the store; false if it is not and there is no origin to ask. */
  private Future<Boolean> ensure(Path file) {
    if (state.budget.holds(file)) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> {
      if (Files.isRegularFile(file)) {
        state.budget.added(file, Files.size(file)); // placed by hand since the store was scanned
        return true;
      }
      return false;
    }, false).compose(present -> present || state.pull == null ? Future.succeededFuture(present)
        : state.pull.fetch(store.relativize(file).toString().replace('\\', '/'), file).map(true));
  }

  @Override
  protected Map<String, BusService.Action> actions() {
    return Map.of(
        ImageContract.PIN, message -> pin(pinOf(message.body()), true),
        ImageContract.UNPIN, message -> pin(pinOf(message.body()), false));
  }

  private static Pin pinOf(Object body) {
    Pin pin = body instanceof Pin p ? p : Pin.fromJson(body instanceof JsonObject json ? json : new JsonObject());
    if (pin.path() == null || pin.holder() == null || pin.holder().isBlank()) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "a pin needs a path and a holder");
    }
    return pin;
  }

  private Future<PinState> pin(Pin pin, boolean on) {
    Path file = fileOf(pin.path());
    if (file == null) {
      return Future.failedFuture(new BmpException(ErrorCode.INVALID_ARGUMENT, "not a stored file's path: " + pin.path()));
    }
    Future<Boolean> present = on ? ensure(file) : Future.succeededFuture(state.budget.holds(file));
    return present.compose(there -> {
      if (on && !there) {
        return Future.failedFuture(new BmpException(ErrorCode.NOT_FOUND, pin.path() + " is not in this room's store"));
      }
      int pins = on ? state.budget.pin(file, pin.holder()) : state.budget.unpin(file, pin.holder());
      return vertx.executeBlocking(() -> {
        Path sidecar = Checksums.sidecar(file);
        String sha = Files.exists(sidecar) ? Files.readString(sidecar).trim() : null;
        return new PinState(room(), pin.path(), Files.isRegularFile(file), Files.isRegularFile(file) ? Files.size(file) : 0,
            sha, pins);
      }, false);
    });
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
