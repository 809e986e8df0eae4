package io.bmp.api;

import io.bmp.api.auth.Authenticator;
import io.bmp.api.auth.FirstAdmin;
import io.bmp.api.handlers.AuditAndMessageHandlers;
import io.bmp.api.handlers.CatalogHandlers;
import io.bmp.api.handlers.InstanceHandlers;
import io.bmp.api.handlers.ProjectHandlers;
import io.bmp.api.handlers.TaskHandlers;
import io.bmp.api.handlers.DeviceHandlers;
import io.bmp.api.handlers.EventHandlers;
import io.bmp.api.handlers.KeyHandlers;
import io.bmp.api.handlers.RoomHandlers;
import io.bmp.api.handlers.ProfileHandlers;
import io.bmp.api.handlers.SessionHandlers;
import io.bmp.api.handlers.UserHandlers;
import io.bmp.api.http.ApiReference;
import io.bmp.api.http.Consoles;
import io.bmp.api.http.ContractLoader;
import io.bmp.api.http.EarlyRefusals;
import io.bmp.api.http.ErrorResponses;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.RequestIds;
import io.bmp.core.contract.Component;
import io.bmp.core.node.ComponentVerticle;
import io.bmp.api.agent.AgentGateway;
import io.bmp.core.node.NodeResources;
import io.bmp.core.repo.AgentTokenRepository;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The api component: the REST API {@code /v1} described by {@code openapi/bmp.yaml}, with its
 * document at {@code /openapi.json} and a rendered reference at {@code /docs}, plus {@code
 * GET /health} (the whole cluster) and {@code GET /metrics} (Prometheus text). The same router
 * serves two ports: the tenant console's and the operator console's.
 *
 * <p>Config: {@code host} (0.0.0.0), {@code port} (8080), {@code operatorPort} (8081; 0 turns it
 * off), {@code bodyLimit} (bytes of a JSON body, 1 MiB), {@code adminPassword} (the first
 * Owner's password; from {@code BMP_ADMIN_PASSWORD}), {@code metricsRegistry}.
 */
public final class ApiVerticle extends ComponentVerticle {

  static final String CONTRACT = "openapi/bmp.yaml";

  private final List<HttpServer> servers = new ArrayList<>();
  private ApiContext api;
  private final List<Integer> ports = new ArrayList<>();

  public ApiVerticle() {
    super(Component.API);
  }

  @Override
  protected Future<Void> startComponent() {
    JsonObject config = config();
    NodeResources resources = resources();
    ApiContext api = new ApiContext(vertx, resources.database("api"), resources.cache("api"), resources.secrets("api"));
    api.callers.listen();
    this.api = api;
    return ContractLoader.load(vertx, CONTRACT)
        .compose(loaded -> FirstAdmin.ensure(api, config.getString("adminPassword"),
                Path.of(config.getString("dataDir", "./data")))
            .map(loaded))
        .compose(loaded -> listen(config, router(api, loaded, config), agentGateway(resources)));
  }

  private Router router(ApiContext api, ContractLoader.Loaded loaded, JsonObject config) {
    RouterBuilder builder = RouterBuilder.create(vertx, loaded.contract(), RequestExtractor.withBodyHandler());
    // Files (device imports) may be up to 16 MiB; JSON bodies are held to bodyLimit before validation.
    long jsonLimit = config.getLong("bodyLimit", 1L << 20);
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(Math.max(jsonLimit, 16L << 20)));
    // Refusals before the operation's route (bad key, body over the limit) are audited like the operation's own.
    EarlyRefusals refusals = new EarlyRefusals(api.auditLog, loaded.document());
    builder.rootHandler(new Authenticator(api, refusals));
    builder.rootHandler(ctx -> { // after the caller is known, so that the audit entry names who sent it
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && type.startsWith("application/json") && ctx.body().length() > jsonLimit) {
        var refusal = io.bmp.core.error.BmpException.localized(io.bmp.core.error.ErrorCode.PAYLOAD_TOO_LARGE,
            "error.payloadTooLarge", "the request body is larger than " + jsonLimit + " bytes", jsonLimit);
        refusals.record(ctx, refusal).onComplete(v -> ErrorResponses.send(ctx, refusal, null));
        return;
      }
      ctx.next();
    });
    OperationTable table = new OperationTable(api.auditLog);
    new SessionHandlers(api).register(table);
    new ProfileHandlers(api).register(table);
    new UserHandlers(api).register(table);
    new KeyHandlers(api).register(table);
    new RoomHandlers(api).register(table);
    Path dataDir = Path.of(config.getString("dataDir", "./data"));
    new CatalogHandlers(api, new CatalogHandlers.ImageUploads(
        Path.of(config.getString("imageStore", dataDir.resolve("images").toString())),
        config.getLong("imageMaxBytes", 64L << 30), config.getString("imageOrigin", ""),
        config.getString("imageOriginToken", ""))).register(table);
    new DeviceHandlers(api).register(table);
    new ProjectHandlers(api).register(table);
    new InstanceHandlers(api).register(table);
    new TaskHandlers(api).register(table);
    new AuditAndMessageHandlers(api).register(table);
    new EventHandlers(api).register(table);
    table.bind(builder, vertx, loaded.contract());

    Router router = builder.createRouter();
    router.route().order(-2).handler(RequestIds::assign);
    table.bindStreaming(router, loaded.document(), new Authenticator(api, refusals));
    router.get("/health").handler(new HealthHandler(vertx));
    String registry = config.getString("metricsRegistry");
    if (registry != null && BackendRegistries.getNow(registry) != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
    ApiReference reference = new ApiReference(loaded.document());
    String document = loaded.document().encode();
    router.get("/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8").end(document));
    router.get("/docs").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").end(reference.html()));
    router.errorHandler(404, ErrorResponses::notFound);
    router.errorHandler(405, ErrorResponses::methodNotAllowed);
    router.route().failureHandler(refusals.failureHandler());
    return router;
  }

  /** The agents' HTTP end of the agent channel, where this node has one (a central or all-in-one node). */
  private Router agentGateway(NodeResources resources) {
    if (!resources.hasAgents()) {
      return null;
    }
    return new AgentGateway(vertx, new AgentTokenRepository(api.database), resources.agents("api"), api.auditLog).router();
  }

  /**
   * One server per port, each answering the API, the agents' gateway and its own console: the
   * tenant console on {@code port}, the operator console on {@code operatorPort}.
   */
  private Future<Void> listen(JsonObject config, Router router, Router agents) {
    io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> api = agents == null ? router
        : request -> (request.path().startsWith(AgentGateway.PREFIX + "/") ? agents : router).handle(request);
    String host = config.getString("host", "0.0.0.0");
    Map<Integer, String> wanted = new LinkedHashMap<>();
    wanted.put(config.getInteger("port", 8080), Consoles.TENANT);
    int operatorPort = config.getInteger("operatorPort", 8081);
    if (operatorPort > 0) {
      wanted.put(operatorPort, Consoles.OPERATOR);
    }
    Future<Void> chain = Future.succeededFuture();
    for (var entry : wanted.entrySet()) {
      int port = entry.getKey();
      chain = chain.compose(v -> Consoles.router(vertx, entry.getValue()))
          .compose(console -> vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
          .requestHandler(request -> (Consoles.isApi(request) ? api : console).handle(request)).listen()
          .map(server -> {
            servers.add(server);
            ports.add(server.actualPort());
            return (Void) null;
          }));
    }
    return chain;
  }

  @Override
  protected Future<Void> stopComponent() {
    if (api != null) {
      api.callers.close();
    }
    return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
  }

  @Override
  protected Future<JsonObject> health() {
    return Future.succeededFuture(new JsonObject().put("ports", ports));
  }
}
