package io.bmp.api;

import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The api component: the HTTP face of the platform. So far it serves {@code GET /health} (this
 * node and every other node of the cluster) and {@code GET /metrics} (Prometheus text); the REST
 * API {@code /v1} and the consoles are added by their own issues.
 *
 * <p>Config: {@code port} (8080), {@code host} (0.0.0.0), {@code metricsRegistry} (the Micrometer
 * registry name the launcher gave this node's Vert.x).
 */
public final class ApiVerticle extends ComponentVerticle {

  private HttpServer server;
  private int port;

  public ApiVerticle() {
    super(Component.API);
  }

  @Override
  protected Future<Void> startComponent() {
    JsonObject config = config();
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::assign);
    router.get("/health").handler(new HealthHandler(vertx));
    String registry = config.getString("metricsRegistry");
    if (registry != null && BackendRegistries.getNow(registry) != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
    router.route().last().handler(ctx -> ErrorResponses.notFound(ctx));
    router.route().failureHandler(ErrorResponses::handle);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.getString("host", "0.0.0.0"))
        .setPort(config.getInteger("port", 8080)));
    return server.requestHandler(router).listen().map(s -> {
      port = s.actualPort();
      return null;
    });
  }

  @Override
  protected Future<Void> stopComponent() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return Future.succeededFuture(new JsonObject().put("port", port));
  }

  /** The port actually bound (useful when the config asked for port 0). */
  public int port() {
    return port;
  }
}
