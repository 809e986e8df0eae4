package io.bmp.agent.lab;

import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.bmp.protocols.ipmi.command.sel.SelRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Redfish subset of a simulated BMC, in front of the same {@link SimulatedNode} as its IPMI
 * side (DSP0266 1.x, schema names from DSP8010): service root, sessions (X-Auth-Token) and Basic
 * authentication, one ComputerSystem with {@code PowerState}, {@code Boot} override (PATCH) and the
 * {@code ComputerSystem.Reset} action, one Chassis with Thermal and Power, one Manager with a SEL
 * log service (entries and {@code LogService.ClearLog}). Errors carry the standard
 * {@code error.@Message.ExtendedInfo} body. {@code vendor} only changes the names a client sees
 * (service root {@code Vendor}, manager ID), so that clients' vendor profiles can be tried.
 *
 * <p>The server runs on the event loop of its IPMI twin, where the node may be touched.
 */
public final class SimulatedRedfish {

  private static final String ROOT = "/redfish/v1";
  private static final String SYSTEM = ROOT + "/Systems/1";
  private static final String CHASSIS = ROOT + "/Chassis/1";
  private static final String SESSIONS = ROOT + "/SessionService/Sessions";

  private final SimulatedBmc bmc;
  private final String user;
  private final byte[] passwordHash;
  private final String role;
  private final String vendor;
  private final String managerId;
  private final Map<String, String> sessions = new HashMap<>(); // token -> session id
  private final SecureRandom random = new SecureRandom();
  private int nextSession = 1;
  private HttpServer server;

  private SimulatedRedfish(SimulatedBmc bmc, String user, String password, String role, String vendor) {
    this.bmc = bmc;
    this.user = user;
    this.passwordHash = sha256(password);
    this.role = role;
    this.vendor = vendor;
    this.managerId = "Dell".equals(vendor) ? "iDRAC.Embedded.1" : "1";
  }

  /**
   * Serves Redfish for {@code bmc}'s node on {@code host:port} (0: any free port), over TLS when
   * {@code tls} is given, with one account of {@code role} (Administrator, Operator or ReadOnly;
   * only Administrator and Operator may act, only Administrator may read the accounts).
   */
  public static Future<SimulatedRedfish> start(Vertx vertx, SimulatedBmc bmc, String host, int port, String user,
      String password, String role, String vendor, KeyCertOptions tls) {
    SimulatedRedfish redfish = new SimulatedRedfish(bmc, user, password, role, vendor);
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls);
    }
    Router router = redfish.router(vertx);
    // Listening from the twin's event loop makes the server handle its requests there too.
    return bmc.onContext(() -> vertx.createHttpServer(options).requestHandler(router).listen()).compose(f -> f)
        .map(server -> {
          redfish.server = server;
          return redfish;
        });
  }

  public int port() {
    return server.actualPort();
  }

  /** Forgets every session, as a BMC does when it restarts or times sessions out. */
  public Future<Void> forgetSessions() {
    return bmc.onContext(() -> {
      sessions.clear();
      return null;
    });
  }

  /** Sessions open now. */
  public Future<Integer> sessionCount() {
    return bmc.onContext(sessions::size);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.get("/redfish").handler(ctx -> json(ctx, 200, new JsonObject().put("v1", ROOT + "/")));
    router.get(ROOT).handler(this::serviceRoot);
    router.get(ROOT + "/").handler(this::serviceRoot);
    router.post(SESSIONS).handler(this::login);
    router.route(ROOT + "/*").handler(this::authenticated);
    router.get(ROOT + "/SessionService").handler(ctx -> json(ctx, 200, new JsonObject()
        .put("@odata.id", ROOT + "/SessionService").put("ServiceEnabled", true).put("Sessions", link(SESSIONS))));
    router.get(SESSIONS).handler(ctx -> json(ctx, 200, new JsonObject().put("@odata.id", SESSIONS)
        .put("Members@odata.count", sessions.size()).put("Members", new JsonArray(sessions.values().stream()
            .map(id -> (Object) link(SESSIONS + "/" + id)).toList()))));
    router.delete(SESSIONS + "/:id").handler(this::logout);
    router.route(ROOT + "/*").handler(this::allowed);
    router.get(ROOT + "/AccountService/Accounts").handler(ctx -> json(ctx, 200,
        collection(ROOT + "/AccountService/Accounts", ROOT + "/AccountService/Accounts/1")));
    router.get(ROOT + "/AccountService/Accounts/1").handler(ctx -> json(ctx, 200, new JsonObject()
        .put("@odata.id", ROOT + "/AccountService/Accounts/1").put("Id", "1").put("UserName", user).put("RoleId", role)));
    router.get(ROOT + "/Systems").handler(ctx -> json(ctx, 200, collection(ROOT + "/Systems", SYSTEM)));
    router.get(SYSTEM).handler(this::system);
    router.patch(SYSTEM).handler(this::patchSystem);
    router.post(SYSTEM + "/Actions/ComputerSystem.Reset").handler(this::reset);
    router.get(ROOT + "/Chassis").handler(ctx -> json(ctx, 200, collection(ROOT + "/Chassis", CHASSIS)));
    router.get(CHASSIS).handler(ctx -> json(ctx, 200, new JsonObject().put("@odata.id", CHASSIS).put("Id", "1")
        .put("Thermal", link(CHASSIS + "/Thermal")).put("Power", link(CHASSIS + "/Power"))));
    router.get(CHASSIS + "/Thermal").handler(this::thermal);
    router.get(CHASSIS + "/Power").handler(this::power);
    router.get(ROOT + "/Managers").handler(ctx -> json(ctx, 200, collection(ROOT + "/Managers", manager())));
    router.get(manager()).handler(ctx -> json(ctx, 200, new JsonObject().put("@odata.id", manager()).put("Id", managerId)
        .put("LogServices", link(manager() + "/LogServices"))));
    router.get(manager() + "/LogServices").handler(ctx -> json(ctx, 200,
        collection(manager() + "/LogServices", manager() + "/LogServices/Sel")));
    router.get(manager() + "/LogServices/Sel").handler(ctx -> json(ctx, 200, new JsonObject()
        .put("@odata.id", manager() + "/LogServices/Sel").put("Id", "Sel").put("Entries", link(manager() + "/LogServices/Sel/Entries"))
        .put("Actions", new JsonObject().put("#LogService.ClearLog", new JsonObject()
            .put("target", manager() + "/LogServices/Sel/Actions/LogService.ClearLog")))));
    router.get(manager() + "/LogServices/Sel/Entries").handler(this::selEntries);
    router.post(manager() + "/LogServices/Sel/Actions/LogService.ClearLog").handler(ctx -> {
      bmc.node().clearSel();
      ctx.response().setStatusCode(204).end();
    });
    router.route().last().handler(ctx -> error(ctx, 404, "Base.1.8.ResourceMissingAtURI", "no resource at " + ctx.normalizedPath()));
    return router;
  }

  private String manager() {
    return ROOT + "/Managers/" + managerId;
  }

  private void serviceRoot(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("@odata.id", ROOT).put("RedfishVersion", "1.11.0").put("Vendor", vendor)
        .put("Systems", link(ROOT + "/Systems")).put("Chassis", link(ROOT + "/Chassis"))
        .put("Managers", link(ROOT + "/Managers"))
        .put("SessionService", link(ROOT + "/SessionService"))
        .put("Links", new JsonObject().put("Sessions", link(SESSIONS))));
  }

  private void login(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null || !user.equals(body.getString("UserName")) || !passwordMatches(body.getString("Password"))) {
      error(ctx, 401, "Base.1.8.NoValidSession", "the user name or password is not valid");
      return;
    }
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    String id = String.valueOf(nextSession++);
    sessions.put(token, id);
    ctx.response().putHeader("X-Auth-Token", token).putHeader("Location", SESSIONS + "/" + id);
    json(ctx, 201, new JsonObject().put("@odata.id", SESSIONS + "/" + id).put("Id", id).put("UserName", user));
  }

  private void logout(RoutingContext ctx) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token != null && ctx.pathParam("id").equals(sessions.get(token))) {
      sessions.remove(token);
    } else {
      sessions.values().remove(ctx.pathParam("id"));
    }
    ctx.response().setStatusCode(204).end();
  }

  /** Session token or Basic credentials; anything else is 401. */
  private void authenticated(RoutingContext ctx) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token != null && sessions.containsKey(token)) {
      ctx.next();
      return;
    }
    String basic = ctx.request().getHeader("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon > 0 && user.equals(pair.substring(0, colon)) && passwordMatches(pair.substring(colon + 1))) {
        ctx.next();
        return;
      }
    }
    error(ctx, 401, "Base.1.8.NoValidSession", "authentication is required");
  }

  /** Role checks as a BMC makes them: ReadOnly only reads; the accounts are for Administrators. */
  private void allowed(RoutingContext ctx) {
    boolean write = ctx.request().method() != HttpMethod.GET
        && !ctx.normalizedPath().startsWith(SESSIONS);
    boolean accounts = ctx.normalizedPath().startsWith(ROOT + "/AccountService");
    if ((write && "ReadOnly".equals(role)) || (accounts && !"Administrator".equals(role))) {
      error(ctx, 403, "Base.1.8.InsufficientPrivilege", "the account's role " + role + " may not do this");
      return;
    }
    ctx.next();
  }

  private void system(RoutingContext ctx) {
    SimulatedNode node = bmc.node();
    BootFlags flags = node.bootFlags();
    String target = flags.valid() ? targetName(flags.device()) : "None";
    String enabled = !flags.valid() ? "Disabled" : flags.persistent() ? "Continuous" : "Once";
    json(ctx, 200, new JsonObject().put("@odata.id", SYSTEM).put("Id", "1").put("Manufacturer", vendor)
        .put("PowerState", node.powerOn() ? "On" : "Off")
        .put("Boot", new JsonObject().put("BootSourceOverrideTarget", target).put("BootSourceOverrideEnabled", enabled)
            .put("BootSourceOverrideMode", flags.efi() ? "UEFI" : "Legacy")
            .put("BootSourceOverrideTarget@Redfish.AllowableValues",
                new JsonArray(List.of("None", "Pxe", "Hdd", "Cd", "BiosSetup"))))
        .put("Actions", new JsonObject().put("#ComputerSystem.Reset", new JsonObject()
            .put("target", SYSTEM + "/Actions/ComputerSystem.Reset")
            .put("ResetType@Redfish.AllowableValues",
                new JsonArray(List.of("On", "ForceOff", "GracefulShutdown", "ForceRestart", "PowerCycle")))))
        .put("Links", new JsonObject().put("Chassis", new JsonArray().add(link(CHASSIS)))
            .put("ManagedBy", new JsonArray().add(link(manager())))));
  }

  private void patchSystem(RoutingContext ctx) {
    JsonObject body = body(ctx);
    JsonObject boot = body == null ? null : body.getJsonObject("Boot");
    if (boot == null) {
      error(ctx, 400, "Base.1.8.PropertyMissing", "only Boot can be changed here");
      return;
    }
    BootFlags current = bmc.node().bootFlags();
    String targetName = boot.getString("BootSourceOverrideTarget", current.valid() ? targetName(current.device()) : "None");
    BootDevice device = deviceOf(targetName);
    if (device == null) {
      error(ctx, 400, "Base.1.8.PropertyValueNotInList", "BootSourceOverrideTarget " + targetName + " is not supported");
      return;
    }
    String enabled = boot.getString("BootSourceOverrideEnabled", current.persistent() ? "Continuous" : "Once");
    boolean efi = "UEFI".equals(boot.getString("BootSourceOverrideMode", current.efi() ? "UEFI" : "Legacy"));
    boolean valid = device != BootDevice.NONE && !"Disabled".equals(enabled);
    bmc.node().bootFlags(new BootFlags(valid, "Continuous".equals(enabled), efi, device));
    ctx.response().setStatusCode(204).end();
  }

  private void reset(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String type = body == null ? null : body.getString("ResetType");
    SimulatedNode node = bmc.node();
    switch (type == null ? "" : type) {
      case "On" -> node.powerUp();
      case "ForceOff", "GracefulShutdown" -> node.powerDown();
      case "PowerCycle" -> node.powerCycle();
      case "ForceRestart" -> {
        if (!node.reset()) {
          error(ctx, 409, "Base.1.8.ActionNotSupported", "the system is off; ForceRestart needs it on");
          return;
        }
      }
      default -> {
        error(ctx, 400, "Base.1.8.ActionParameterValueNotInList", "ResetType " + type + " is not supported");
        return;
      }
    }
    bmc.afterChange();
    ctx.response().setStatusCode(204).end();
  }

  private void thermal(RoutingContext ctx) {
    SimulatedNode node = bmc.node();
    json(ctx, 200, new JsonObject().put("@odata.id", CHASSIS + "/Thermal")
        .put("Temperatures", new JsonArray()
            .add(new JsonObject().put("Name", "CPU Temp").put("ReadingCelsius", node.reading(1))
                .put("UpperThresholdCritical", 95).put("Status", health(node.reading(1) >= 95)))
            .add(new JsonObject().put("Name", "Inlet Temp").put("ReadingCelsius", node.reading(2))
                .put("UpperThresholdCritical", 42).put("Status", health(node.reading(2) >= 42))))
        .put("Fans", new JsonArray().add(new JsonObject().put("Name", "Fan1").put("Reading", node.reading(3) * 60)
            .put("ReadingUnits", "RPM").put("Status", health(false)))));
  }

  private void power(RoutingContext ctx) {
    SimulatedNode node = bmc.node();
    json(ctx, 200, new JsonObject().put("@odata.id", CHASSIS + "/Power")
        .put("PowerControl", new JsonArray().add(new JsonObject().put("Name", "Power")
            .put("PowerConsumedWatts", node.reading(5) * 2).put("Status", health(false))))
        .put("Voltages", new JsonArray().add(new JsonObject().put("Name", "12V")
            .put("ReadingVolts", Math.round(node.reading(4) * 6) / 100.0).put("Status", health(false)))));
  }

  private void selEntries(RoutingContext ctx) {
    JsonArray members = new JsonArray();
    for (SelRecord record : bmc.node().sel()) {
      members.add(new JsonObject().put("@odata.id", manager() + "/LogServices/Sel/Entries/" + record.recordId())
          .put("Id", String.valueOf(record.recordId())).put("EntryType", "SEL")
          .put("Created", Instant.ofEpochSecond(record.timestamp()).toString())
          .put("SensorType", record.sensorType() == 0x09 ? "Power Unit" : "Other Units-based Sensor")
          .put("SensorNumber", record.sensorNumber())
          .put("EntryCode", record.deassertion() ? "Deassert" : "Assert")
          .put("Message", (record.sensorType() == 0x09 ? "Power Unit" : "Sensor") + " event, offset " + (record.data1() & 0x0F)));
    }
    json(ctx, 200, new JsonObject().put("@odata.id", manager() + "/LogServices/Sel/Entries")
        .put("Members@odata.count", members.size()).put("Members", members));
  }

  private static String targetName(BootDevice device) {
    return switch (device) {
      case PXE -> "Pxe";
      case DISK -> "Hdd";
      case CDROM -> "Cd";
      case BIOS_SETUP -> "BiosSetup";
      default -> "None";
    };
  }

  private static BootDevice deviceOf(String target) {
    return switch (target) {
      case "None" -> BootDevice.NONE;
      case "Pxe" -> BootDevice.PXE;
      case "Hdd" -> BootDevice.DISK;
      case "Cd" -> BootDevice.CDROM;
      case "BiosSetup" -> BootDevice.BIOS_SETUP;
      default -> null;
    };
  }

  private static JsonObject health(boolean critical) {
    return new JsonObject().put("State", "Enabled").put("Health", critical ? "Critical" : "OK");
  }

  private static JsonObject link(String path) {
    return new JsonObject().put("@odata.id", path);
  }

  private static JsonObject collection(String path, String member) {
    return new JsonObject().put("@odata.id", path).put("Members@odata.count", 1)
        .put("Members", new JsonArray().add(link(member)));
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("OData-Version", "4.0")
        .end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String messageId, String message) {
    json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", messageId).put("message", message)
        .put("@Message.ExtendedInfo", new JsonArray().add(new JsonObject().put("MessageId", messageId)
            .put("Message", message)))));
  }

  private boolean passwordMatches(String password) {
    return password != null && MessageDigest.isEqual(passwordHash, sha256(password));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
