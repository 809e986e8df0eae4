package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.Message;
import io.bmp.core.domain.TaskState;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.MessageRepository;
import io.bmp.core.repo.TaskRepository;
import io.bmp.core.storage.Ids;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called by six callers: anonymous, user A (who owns the
 * tenant objects), user B, an operator, the owner, and the owner's read-only key. The expected
 * outcome comes from the operation's x-bmp-access and from what it targets:
 *
 * <ul>
 *   <li>anonymous: 401 unless the operation is public;
 *   <li>a read-only key: 403 for anything but GET;
 *   <li>a role below the operation's access: 403;
 *   <li>a tenant object of A (instance, project, its task): B gets 404, as if it did not exist;
 *   <li>a personal object of A (API key, SSH key, message): everyone but A gets 404;
 *   <li>otherwise the call is allowed and must answer the operation's documented 2xx, or, where
 *       the matrix's objects keep it from succeeding ({@link #ALLOWED_OTHERWISE}: an instance still
 *       creating, a wrong old password on purpose), that one status. A {@code PATCH} sends the
 *       object's current version, so a change really happens.
 * </ul>
 *
 * No case may answer 5xx. The table must name every operation of the document.
 */
class AuthorizationMatrixTest extends ApiTestBase {

  /**
   * What a request targets: nothing of A's, a tenant object of A, a personal object of A, or the
   * caller's console session (which API-key callers do not have: they get 401).
   */
  enum Target { NONE, TENANT, PERSONAL, SESSION }

  /** One operation's request: method, path with {placeholders} ({name!} = a fresh object), body. */
  record Op(String id, HttpMethod method, String path, Target target, Function<World, JsonObject> body) {}

  private static final Map<String, Op> TABLE = new LinkedHashMap<>();

  /**
   * Where an admitted call cannot succeed with the matrix's objects, the one answer it must give
   * instead (besides the operation's documented 2xx); every other admitted call must succeed.
   */
  private static final Map<String, java.util.Set<Integer>> ALLOWED_OTHERWISE = new LinkedHashMap<>();

  /** A body's {@code version} to be replaced by the object's current one (read as the owner) just before the call. */
  private static final int CURRENT = -1;

  static {
    // Kept from succeeding on purpose: a wrong old password (no caller's password changes), bytes
    // that do not match the declared SHA-256 (nothing is stored), a body that is not CSV.
    ALLOWED_OTHERWISE.put("changePassword", java.util.Set.of(400));
    ALLOWED_OTHERWISE.put("uploadImage", java.util.Set.of(400));
    ALLOWED_OTHERWISE.put("importDevices", java.util.Set.of(400));
    // The matrix's fresh devices are in stock and its fresh instances still creating: the call is
    // admitted and refused by the object's state (409 INVALID_STATE), not by who makes it.
    for (String id : List.of("unshelveDevice", "deleteInstance", "startInstance", "stopInstance", "restartInstance",
        "resetInstanceStatus", "reinstallInstance", "resetInstancePassword", "retryTask")) {
      ALLOWED_OTHERWISE.put(id, java.util.Set.of(409));
    }
  }

  private static void op(String id, HttpMethod method, String path, Target target, Function<World, JsonObject> body) {
    TABLE.put(id, new Op(id, method, path, target, body));
  }

  private static void op(String id, HttpMethod method, String path, Target target) {
    op(id, method, path, target, w -> null);
  }

  private static final HttpMethod GET = HttpMethod.GET;
  private static final HttpMethod POST = HttpMethod.POST;
  private static final HttpMethod PUT = HttpMethod.PUT;
  private static final HttpMethod PATCH = HttpMethod.PATCH;
  private static final HttpMethod DELETE = HttpMethod.DELETE;

  static {
    Target n = Target.NONE;
    Target t = Target.TENANT;
    Target p = Target.PERSONAL;
    op("login", POST, "/v1/login", n, w -> new JsonObject().put("username", w.aName).put("password", w.aPassword));
    op("logout", POST, "/v1/logout", n);
    op("getSession", GET, "/v1/session", Target.SESSION);
    op("getProfile", GET, "/v1/profile", n);
    op("updateProfile", PATCH, "/v1/profile", n, w -> new JsonObject().put("timezone", "UTC"));
    op("changePassword", PUT, "/v1/profile/password", n,
        w -> new JsonObject().put("oldPassword", "wrong-old-1").put("newPassword", "New-pass-123"));
    op("listUsers", GET, "/v1/users", n);
    op("createUser", POST, "/v1/users", n, w -> new JsonObject().put("username", "mx-" + Fixtures.next())
        .put("password", "Str0ng-pass").put("role", "User"));
    op("getUser", GET, "/v1/users/{user}", n);
    op("updateUser", PATCH, "/v1/users/{user}", n, w -> new JsonObject().put("version", CURRENT).put("description", "x"));
    op("deleteUser", DELETE, "/v1/users/{user!}", n);
    op("resetUserPassword", PUT, "/v1/users/{user}/password", n, w -> new JsonObject().put("password", "Str0ng-pass2"));
    op("listRoles", GET, "/v1/roles", n);
    op("listApiKeys", GET, "/v1/api-keys", n);
    op("createApiKey", POST, "/v1/api-keys", n, w -> new JsonObject().put("name", "mx-" + Fixtures.next()));
    op("updateApiKey", PATCH, "/v1/api-keys/{apiKey}", p, w -> new JsonObject().put("name", "mx-" + Fixtures.next()));
    op("deleteApiKey", DELETE, "/v1/api-keys/{apiKey!}", p);
    op("listSshKeys", GET, "/v1/ssh-keys", n);
    op("createSshKey", POST, "/v1/ssh-keys", n, w -> new JsonObject().put("name", "mx-" + Fixtures.next())
        .put("publicKey", World.SSH_KEY));
    op("getSshKey", GET, "/v1/ssh-keys/{sshKey}", p);
    op("renameSshKey", PATCH, "/v1/ssh-keys/{sshKey}", p, w -> new JsonObject().put("name", "mx-" + Fixtures.next()));
    op("deleteSshKey", DELETE, "/v1/ssh-keys/{sshKey!}", p);
    op("listRooms", GET, "/v1/rooms", n);
    op("createRoom", POST, "/v1/rooms", n, w -> new JsonObject().put("name", "mx-" + Fixtures.next())
        .put("shortName", "m" + Fixtures.next()));
    op("getRoom", GET, "/v1/rooms/{room}", n);
    op("updateRoom", PATCH, "/v1/rooms/{room}", n, w -> new JsonObject().put("version", CURRENT).put("level", "T4"));
    op("deleteRoom", DELETE, "/v1/rooms/{room!}", n);
    op("listRaidLevels", GET, "/v1/raid-levels", n);
    op("listDeviceTypes", GET, "/v1/device-types", n);
    op("createDeviceType", POST, "/v1/device-types", n, w -> w.deviceTypeBody());
    op("getDeviceType", GET, "/v1/device-types/{type}", n);
    op("updateDeviceType", PATCH, "/v1/device-types/{type}", n, w -> new JsonObject().put("version", CURRENT).put("description", "x"));
    op("deleteDeviceType", DELETE, "/v1/device-types/{type!}", n);
    op("listDeviceTypeImages", GET, "/v1/device-types/{type}/images", n);
    op("bindImage", PUT, "/v1/device-types/{type}/images/{image}", n);
    op("unbindImage", DELETE, "/v1/device-types/{boundType!}/images/{image}", n);
    op("getPartitionTemplate", GET, "/v1/device-types/{stockType}/partition-templates?imageId={stockImage}&bootMode=uefi", n);
    op("setPartitionTemplate", PUT, "/v1/device-types/{type}/partition-templates", n, w -> new JsonObject()
        .put("imageId", w.resolve("image", false)).put("bootMode", "uefi")
        .put("partitions", new JsonArray().add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0))));
    op("listDevices", GET, "/v1/devices", n);
    op("createDevices", POST, "/v1/devices", n, w -> {
      int k = Fixtures.next() + 5_000_000;
      return new JsonObject().put("roomId", w.resolve("room", false))
          .put("devices", new JsonArray().add(Fixtures.deviceBody("MX" + k, Fixtures.bmc(k), Fixtures.mac(k))));
    });
    op("importDevices", POST, "/v1/devices/import?roomId={room}", n, w -> null);
    op("getDevice", GET, "/v1/devices/{device}", n);
    op("listDeviceDisks", GET, "/v1/devices/{device}/disks", n);
    op("updateDevice", PATCH, "/v1/devices/{device}", n, w -> new JsonObject().put("version", CURRENT).put("cabinet", "M1"));
    op("deleteDevice", DELETE, "/v1/devices/{device!}", n);
    op("shelveDevice", POST, "/v1/devices/{device!}/shelve", n);
    op("unshelveDevice", POST, "/v1/devices/{device!}/unshelve", n);
    op("collectDevice", POST, "/v1/devices/{device!}/collect", n, w -> new JsonObject());
    op("retireDevice", POST, "/v1/devices/{device!}/retire", n, w -> new JsonObject());
    op("powerOffDevice", POST, "/v1/devices/{device!}/power-off", n);
    op("listOperatingSystems", GET, "/v1/operating-systems", n);
    op("createOperatingSystem", POST, "/v1/operating-systems", n, w -> new JsonObject().put("name", "mx")
        .put("osType", "MxOS").put("osVersion", "v" + Fixtures.next()).put("architecture", "x86_64"));
    op("deleteOperatingSystem", DELETE, "/v1/operating-systems/{os!}", n);
    op("listImages", GET, "/v1/images", n);
    op("registerImage", POST, "/v1/images", n, w -> new JsonObject().put("name", "mx-" + Fixtures.next())
        .put("osId", w.resolve("os", false)).put("bootModes", new JsonArray().add("uefi")).put("format", "raw")
        .put("url", "http://images.example/mx.raw").put("sha256", "cd".repeat(32)));
    op("uploadImage", POST, "/v1/images/upload?name=mx-up&osId={os}&format=raw&bootModes=uefi&sha256=" + "ef".repeat(32), n,
        w -> new JsonObject().put("bytes", "not the declared ones"));
    op("getImage", GET, "/v1/images/{image}", n);
    op("updateImage", PATCH, "/v1/images/{image}", n, w -> new JsonObject().put("description", "x"));
    op("deleteImage", DELETE, "/v1/images/{image!}", n);
    op("listProjects", GET, "/v1/projects", n);
    op("createProject", POST, "/v1/projects", n, w -> new JsonObject().put("name", "mx-" + Fixtures.next()));
    op("getProject", GET, "/v1/projects/{project}", t);
    op("updateProject", PATCH, "/v1/projects/{project}", t, w -> new JsonObject().put("version", CURRENT).put("description", "x"));
    op("deleteProject", DELETE, "/v1/projects/{project!}", t);
    op("shareProject", POST, "/v1/projects/{project}/shares", t,
        w -> new JsonObject().put("username", w.cName).put("permission", "read"));
    op("unshareProject", DELETE, "/v1/projects/{sharedProject!}/shares/{cUser}", t);
    op("transferProject", POST, "/v1/projects/{project!}/transfer", t,
        w -> new JsonObject().put("username", w.cName).put("version", CURRENT));
    op("moveInstances", POST, "/v1/projects/{project}/move-instances", t,
        w -> new JsonObject().put("instanceIds", new JsonArray().add(w.resolve("instance", false))));
    op("listInstances", GET, "/v1/instances", n);
    op("createInstances", POST, "/v1/instances", t, w -> w.createInstanceBody());
    op("getInstance", GET, "/v1/instances/{instance}", t);
    op("updateInstance", PATCH, "/v1/instances/{instance}", t, w -> new JsonObject().put("version", CURRENT).put("description", "x"));
    op("deleteInstance", DELETE, "/v1/instances/{instance!}", t);
    op("startInstance", POST, "/v1/instances/{instance!}/start", t);
    op("stopInstance", POST, "/v1/instances/{instance!}/stop", t);
    op("restartInstance", POST, "/v1/instances/{instance!}/restart", t);
    op("lockInstance", POST, "/v1/instances/{instance!}/lock", t);
    op("unlockInstance", POST, "/v1/instances/{instance!}/unlock", t);
    op("resetInstanceStatus", POST, "/v1/instances/{instance!}/reset-status", t);
    op("reinstallInstance", POST, "/v1/instances/{instance!}/reinstall", t,
        w -> new JsonObject().put("keepData", true).put("password", "Re1nstall-pass"));
    op("resetInstancePassword", PUT, "/v1/instances/{instance!}/password", t,
        w -> new JsonObject().put("password", "Res3t-pass"));
    op("batchInstances", POST, "/v1/batch/instances/lock", t,
        w -> new JsonObject().put("instanceIds", new JsonArray().add(w.resolve("instance", false))));
    op("listTasks", GET, "/v1/tasks?instanceId={instance}", t);
    op("getTask", GET, "/v1/tasks/{task}", t);
    op("streamEvents", GET, "/v1/events?instanceId={instance}", t);
    op("cancelTask", POST, "/v1/tasks/{task!}/cancel", t);
    op("retryTask", POST, "/v1/tasks/{failedTask!}/retry", t);
    op("listAuditLogs", GET, "/v1/audit-logs", n);
    op("listMessages", GET, "/v1/messages", n);
    op("markMessagesRead", POST, "/v1/messages/read", n, w -> new JsonObject().put("all", true));
    op("deleteMessage", DELETE, "/v1/messages/{message!}", p);
  }

  /** The objects the matrix acts on: A's tenant and personal objects, and the operator platform's. */
  final class World {
    static final String SSH_KEY =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl matrix@bmp";

    final ApiClient a;
    final ApiClient b;
    final ApiClient c;
    final String aName;
    final String aPassword;
    final String aId;
    final String aProject;
    final String cName;
    final String cId;
    final Stock stock;
    private final Map<String, String> shared = new LinkedHashMap<>();

    World() {
      aName = "alice-" + Fixtures.next();
      aPassword = "Alice-pass-1";
      owner.post("/v1/users", new JsonObject().put("username", aName).put("password", aPassword).put("role", "User"));
      a = keyOf(login(aName, aPassword), false);
      aId = a.get("/v1/profile").json().getString("id");
      aProject = a.get("/v1/profile").json().getString("defaultProjectId");
      b = keyOf(newUser("User"), false);
      ApiClient carol = newUser("User");
      c = carol;
      cName = carol.get("/v1/profile").json().getString("username");
      cId = carol.get("/v1/profile").json().getString("id");
      stock = stock(0);
    }

    /** An object's id: the shared one, or (fresh) a new one only this case uses. */
    String resolve(String kind, boolean fresh) {
      if (!fresh && shared.containsKey(kind)) {
        return shared.get(kind);
      }
      String id = create(kind);
      if (!fresh) {
        shared.put(kind, id);
      }
      return id;
    }

    private String create(String kind) {
      Fixtures f = new Fixtures(owner);
      switch (kind) {
        case "user":
          return owner.post("/v1/users", new JsonObject().put("username", "mxu-" + Fixtures.next())
              .put("password", "Str0ng-pass").put("role", "User")).json().getString("id");
        case "cUser":
          return cId;
        case "room":
          return f.room().getString("id");
        case "type":
          return f.deviceType(stock.roomId()).getString("id");
        case "boundType": {
          String type = f.deviceType(stock.roomId()).getString("id");
          owner.put("/v1/device-types/" + type + "/images/" + resolve("image", false), null);
          return type;
        }
        case "stockType":
          return stock.typeId();
        case "stockImage":
          return stock.imageId();
        case "os":
          return f.operatingSystem().getString("id");
        case "image":
          return f.image(resolve("os", false)).getString("id");
        case "device":
          return f.devices(stock.roomId(), stock.typeId(), 1).getJsonObject(0).getString("id");
        case "apiKey":
          return a.post("/v1/api-keys", new JsonObject().put("name", "mxk-" + Fixtures.next())).json().getString("id");
        case "sshKey":
          return a.post("/v1/ssh-keys", new JsonObject().put("name", "mxs-" + Fixtures.next()).put("publicKey", SSH_KEY))
              .json().getString("id");
        case "project":
          return a.post("/v1/projects", new JsonObject().put("name", "mxp-" + Fixtures.next())).json().getString("id");
        case "sharedProject": {
          String project = create("project");
          a.post("/v1/projects/" + project + "/shares", new JsonObject().put("username", cName).put("permission", "read"));
          return project;
        }
        case "instance":
          return newInstance().getString("id");
        case "task":
          return newInstance().getString("taskId");
        case "failedTask": {
          String taskId = newInstance().getString("taskId");
          TaskRepository tasks = new TaskRepository(db);
          tasks.finish(tasks.get(taskId).await(), TaskState.FAILED, "TIMEOUT", "boot not confirmed").await();
          return taskId;
        }
        case "message": {
          String id = Ids.next("m");
          new MessageRepository(db).create(new Message(id, aId, "operation", null, "matrix", null, null, null, false, null))
              .await();
          return id;
        }
        default:
          throw new IllegalArgumentException(kind);
      }
    }

    /** A new instance of A on a new free device. */
    JsonObject newInstance() {
      readyDevice();
      ApiClient.Response created = a.post("/v1/instances", createInstanceBody());
      assertThat(created.status()).as(created.toString()).isEqualTo(202);
      return created.json().getJsonArray("items").getJsonObject(0);
    }

    /** A create request into A's default project, with a free device waiting for it. */
    JsonObject createInstanceBody() {
      readyDevice();
      return stock.create("mx-" + Fixtures.next(), 1).put("projectId", aProject);
    }

    void readyDevice() {
      String id = new Fixtures(owner).devices(stock.roomId(), stock.typeId(), 1).getJsonObject(0).getString("id");
      DeviceRepository devices = new DeviceRepository(db);
      var d = devices.get(id).await();
      var shelving = devices.moveTo(id, d.version(), DeviceState.SHELVING, null).await();
      devices.moveTo(id, shelving.version(), DeviceState.READY, null).await();
    }

    JsonObject deviceTypeBody() {
      int k = Fixtures.next();
      return new JsonObject().put("roomId", stock.roomId()).put("name", "mxt-" + k).put("specCode", "mx." + k)
          .put("series", "computer").put("architecture", "x86_64").put("bootModes", new JsonArray().add("uefi"))
          .put("volumes", new JsonArray().add(new JsonObject().put("name", "system").put("volumeType", "system")
              .put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", 100).put("amount", 1)));
    }
  }

  @Test
  void everyOperationAnswersEveryCallerAsItsAccessRulesSay() {
    JsonObject document = anonymous.get("/openapi.json").json();
    Map<String, String> access = new LinkedHashMap<>();
    Map<String, java.util.Set<Integer>> succeeds = new LinkedHashMap<>();
    Map<String, java.util.Set<String>> documented = new LinkedHashMap<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject o && o.containsKey("operationId")) {
          access.put(o.getString("operationId"), o.getString("x-bmp-access"));
          java.util.Set<Integer> codes = new java.util.TreeSet<>();
          o.getJsonObject("responses").fieldNames().stream().filter(c -> c.startsWith("2")).forEach(c -> codes.add(Integer.valueOf(c)));
          succeeds.put(o.getString("operationId"), codes);
          documented.put(o.getString("operationId"), o.getJsonObject("responses").fieldNames());
        }
      }
    }
    TreeSet<String> missing = new TreeSet<>(access.keySet());
    missing.removeAll(TABLE.keySet());
    assertThat(missing).as("operations the matrix does not cover").isEmpty();

    World world = new World();
    ApiClient operatorKey = keyOf(newUser("Operator"), false);
    ApiClient ownerKey = keyOf(owner, false);
    ApiClient readOnlyKey = keyOf(owner, true);
    Map<String, ApiClient> callers = new LinkedHashMap<>();
    callers.put("anonymous", anonymous);
    callers.put("userA", world.a);
    callers.put("userB", world.b);
    callers.put("operator", operatorKey);
    callers.put("owner", ownerKey);
    callers.put("readOnlyKey", readOnlyKey);

    List<String> wrong = new ArrayList<>();
    java.util.Set<String> undocumented = new TreeSet<>();
    int cases = 0;
    for (Op op : TABLE.values()) {
      String level = access.get(op.id());
      for (Map.Entry<String, ApiClient> caller : callers.entrySet()) {
        String path = resolvePath(world, op.path());
        JsonObject body = op.body().apply(world);
        if (body != null && Integer.valueOf(CURRENT).equals(body.getInteger("version"))) {
          body.put("version", ownerKey.get(path.replaceAll("/transfer$", "")).json().getInteger("version"));
        }
        ApiClient.Response response;
        if (op.id().equals("streamEvents")) {
          // An admitted stream stays open: read its status, then hang up.
          ApiClient.Stream stream = caller.getValue().stream(streams, path);
          stream.close();
          response = new ApiClient.Response(stream.status(), null, "", stream.headers());
        } else {
          response = op.id().equals("importDevices")
              ? caller.getValue().send(op.method(), path, "sn\n") : caller.getValue().send(op.method(), path, body);
        }
        cases++;
        if (!documented.get(op.id()).contains(String.valueOf(response.status()))) {
          undocumented.add(op.id() + " " + response.status()); // the contract is what clients code against
        }
        String expected = expected(caller.getKey(), level, op);
        java.util.Set<Integer> allowed = new java.util.TreeSet<>(succeeds.get(op.id()));
        allowed.addAll(ALLOWED_OTHERWISE.getOrDefault(op.id(), java.util.Set.of()));
        String verdict = judge(expected, effectiveStatus(op, response), allowed);
        if (verdict != null) {
          wrong.add(op.id() + " as " + caller.getKey() + ": expected " + (expected.equals("allowed") ? verdict.substring(4)
              : expected) + ", got " + response.status()
              + " " + response.text().substring(0, Math.min(160, response.text().length())));
        }
      }
    }
    assertThat(wrong).as("cases that answered wrongly (of " + cases + ")").isEmpty();
    assertThat(undocumented).as("statuses answered that the operation's responses do not list").isEmpty();
    assertThat(cases).isEqualTo(TABLE.size() * 6);
  }

  /** "401", "403", "404" or "allowed". */
  static String expected(String caller, String level, Op op) {
    boolean reads = op.method() == HttpMethod.GET;
    if (level.equals("public")) {
      return "allowed";
    }
    if (caller.equals("anonymous")) {
      return "401";
    }
    if (caller.equals("readOnlyKey") && !reads) {
      return "403";
    }
    String role = switch (caller) {
      case "owner", "readOnlyKey" -> "owner";
      case "operator" -> "operator";
      default -> "user";
    };
    boolean roleAllowed = switch (level) {
      case "owner" -> role.equals("owner");
      case "operator" -> !role.equals("user");
      default -> true;
    };
    if (!roleAllowed) {
      return "403";
    }
    if (op.target() == Target.SESSION) {
      return "401";
    }
    if (op.target() == Target.PERSONAL && !caller.equals("userA")) {
      return "404";
    }
    if (op.target() == Target.TENANT && caller.equals("userB")) {
      return "404";
    }
    return "allowed";
  }

  /**
   * A batch answers 200 and says for each instance what happened: for the matrix's one instance,
   * its refusal is the status (NOT_FOUND 404, PERMISSION_DENIED 403), so a batch cannot reach
   * another tenant's instance unnoticed.
   */
  static int effectiveStatus(Op op, ApiClient.Response response) {
    if (!op.id().equals("batchInstances") || response.status() != 200) {
      return response.status();
    }
    JsonObject item = response.json().getJsonArray("items").getJsonObject(0);
    if (item.getBoolean("ok")) {
      return 200;
    }
    return switch (item.getJsonObject("error").getString("code")) {
      case "NOT_FOUND" -> 404;
      case "PERMISSION_DENIED" -> 403;
      default -> 409;
    };
  }

  private static String judge(String expected, int status, java.util.Set<Integer> allowed) {
    if (status >= 500) {
      return "5xx";
    }
    if (expected.equals("allowed")) {
      return allowed.contains(status) ? null : "not " + allowed;
    }
    return Integer.toString(status).equals(expected) ? null : "mismatch";
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(!?)}");

  private static String resolvePath(World world, String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, world.resolve(m.group(1), !m.group(2).isEmpty()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
