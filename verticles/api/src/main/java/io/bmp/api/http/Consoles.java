package io.bmp.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The two web consoles (webroot/, built into the jar under {@code consoles/<app>/}): the tenant
 * console on the api's port and the operator console on its operator port. Each is a one-page
 * app: {@code index.html} (never cached, so a new release is picked up at once) and its
 * content-hashed {@code assets/} (cached for a year: a changed file gets a new name). The
 * console's routes live after {@code #} in the URL, so the server never needs to know them.
 */
public final class Consoles {

  public static final String TENANT = "tenant";
  public static final String OPERATOR = "operator";

  /** Same-origin only; Element Plus sets inline styles, and images may be data: URLs. */
  private static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

  private Consoles() {}

  /** Whether {@code request} is for the API (or the agents, health, metrics) rather than a console. */
  public static boolean isApi(HttpServerRequest request) {
    String path = request.path();
    return path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/agent/") || path.equals("/openapi.json")
        || path.equals("/docs") || path.equals("/health") || path.equals("/metrics");
  }

  /**
   * The router of console {@code app}: its index page at {@code /}, its assets, and a 404 in the
   * API's error format for anything else. A jar built without the consoles answers that 404 at
   * {@code /} too.
   */
  public static Future<Router> router(Vertx vertx, String app) {
    String root = "consoles/" + app;
    return vertx.fileSystem().readFile(root + "/index.html")
        .otherwise((Buffer) null)
        .map(index -> {
          Router router = Router.router(vertx);
          // Its errors carry a request id like the API's.
          router.route().handler(RequestIds::assign);
          router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "same-origin");
            ctx.next();
          });
          if (index != null) {
            router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Frame-Options", "DENY").end(index));
            router.get("/index.html").handler(ctx -> ctx.redirect("/"));
            // The handler drops the route's prefix: /assets/x.js is looked up as <root>/assets/x.js.
            router.get("/assets/*").handler(StaticHandler.create(root + "/assets").setCachingEnabled(true)
                .setMaxAgeSeconds(365L * 24 * 3600).setDirectoryListing(false).setIncludeHidden(false));
          }
          router.route().last().handler(ErrorResponses::notFound);
          return router;
        });
  }
}
