package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.cache.CacheConfig;
import io.bmp.core.cache.Caches;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.node.NodeResources;
import io.bmp.core.storage.Database;
import io.bmp.core.testing.DatabaseKind;
import io.bmp.core.testing.Files;
import io.bmp.core.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs an api verticle in both shapes: all-in-one (H2, in-process cache) and central (the real
 * MariaDB, the real Redis for sessions, login limits and the cache), each on a fresh database,
 * and gives tests callers: the first Owner, and new users of any role with API keys or console
 * sessions.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(DatabaseKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {

  static final String ADMIN_PASSWORD = "Admin-Pass-1";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Parameter DatabaseKind kind;

  Path tempDir;
  Vertx vertx;
  Database db;
  WebClient http;
  /** For responses that stay open (event streams). */
  io.vertx.core.http.HttpClient streams;
  int port;
  ApiClient anonymous;
  ApiClient owner;

  @BeforeParameterizedClassInvocation
  void startApi() throws Exception {
    tempDir = java.nio.file.Files.createTempDirectory("bmp-api-");
    vertx = Vertx.vertx();
    db = kind.open(vertx, tempDir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    NodeResources.of(vertx).install(db).install(new SecretBox(key))
        .install(Caches.open(vertx, CacheConfig.fromJson(kind == DatabaseKind.MARIADB
            ? new JsonObject().put("kind", "redis").put("prefix", "bmp-test:" + java.util.UUID.randomUUID() + ":")
            : new JsonObject().put("kind", "memory"))).await());
    port = Ports.free();
    vertx.deployVerticle(ApiVerticle::new, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", port).put("operatorPort", 0).put("node", "test")
        .put("adminPassword", ADMIN_PASSWORD).put("dataDir", tempDir.toString())
        .put("imageMaxBytes", 24L << 20).mergeIn(apiConfig()))).await();
    http = WebClient.create(vertx);
    streams = vertx.createHttpClient();
    anonymous = ApiClient.anonymous(http, port);
    owner = login("admin", ADMIN_PASSWORD);
  }

  /** More api config for a test class, merged over the defaults; {@link #vertx} is up when it is asked. */
  JsonObject apiConfig() {
    return new JsonObject();
  }

  @AfterParameterizedClassInvocation
  void stopApi() {
    if (http != null) {
      http.close();
    }
    if (db != null) {
      DatabaseKind.dispose(db);
    }
    NodeResources.forget(vertx);
    vertx.close().await();
    Files.deleteTree(tempDir);
  }

  /**
   * {@code count} devices on the shelf and free, of a new device type with a bound image and a
   * partition layout: shelved through the API, then the shelf-on task finished the way the
   * scheduler finishes it (task succeeded, device ready).
   */
  Stock stock(int count) {
    return stock(count, null);
  }

  /** {@link #stock(int)} of a device type with these volumes (null: the fixtures' one system volume). */
  Stock stock(int count, io.vertx.core.json.JsonArray volumes) {
    Fixtures f = new Fixtures(owner);
    String roomId = f.room().getString("id");
    String typeId = (volumes == null ? f.deviceType(roomId) : f.deviceType(roomId, volumes)).getString("id");
    String imageId = f.image(f.operatingSystem().getString("id")).getString("id");
    owner.put("/v1/device-types/" + typeId + "/images/" + imageId, null);
    owner.put("/v1/device-types/" + typeId + "/partition-templates", new io.vertx.core.json.JsonObject()
        .put("imageId", imageId).put("bootMode", "uefi").put("partitions", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0))));
    var tasks = new io.bmp.core.repo.TaskRepository(db);
    var devices = new io.bmp.core.repo.DeviceRepository(db);
    for (Object d : count == 0 ? new io.vertx.core.json.JsonArray() : f.devices(roomId, typeId, count)) {
      String id = ((io.vertx.core.json.JsonObject) d).getString("id");
      String taskId = owner.post("/v1/devices/" + id + "/shelve", null).json().getString("id");
      tasks.finish(tasks.get(taskId).await(), io.bmp.core.domain.TaskState.SUCCEEDED, null, null).await();
      var shelving = devices.get(id).await();
      devices.moveTo(id, shelving.version(), io.bmp.core.domain.DeviceState.READY, null).await();
    }
    return new Stock(roomId, typeId, imageId);
  }

  /** A room, device type and image with free devices. */
  record Stock(String roomId, String typeId, String imageId) {

    io.vertx.core.json.JsonObject create(String name, int count) {
      return new io.vertx.core.json.JsonObject().put("roomId", roomId).put("deviceTypeId", typeId).put("imageId", imageId)
          .put("bootMode", "uefi").put("name", name).put("count", count).put("password", "Inst4ll-pass");
    }
  }

  /** Logs in and returns a session caller (cookie and CSRF token). */
  ApiClient login(String username, String password) {
    ApiClient.Response response = anonymous.post("/v1/login",
        new JsonObject().put("username", username).put("password", password));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    String setCookie = response.headers().getAll("Set-Cookie").stream()
        .filter(c -> c.startsWith("bmp_session=")).findFirst().orElseThrow();
    String cookie = setCookie.substring("bmp_session=".length(), setCookie.indexOf(';'));
    return anonymous.withSession(cookie, response.json().getString("csrfToken"));
  }

  /** A new user of {@code role} ("Owner", "Operator", "User"); returns its session caller. */
  ApiClient newUser(String role) {
    String name = role.toLowerCase() + "-" + NAMES.incrementAndGet();
    String password = "Pass-word-" + NAMES.incrementAndGet();
    ApiClient.Response created = owner.post("/v1/users",
        new JsonObject().put("username", name).put("password", password).put("role", role));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return login(name, password);
  }

  /** An API key of {@code caller}; returns a caller using only that key. */
  ApiClient keyOf(ApiClient caller, boolean readOnly) {
    ApiClient.Response created = caller.post("/v1/api-keys",
        new JsonObject().put("name", "key-" + NAMES.incrementAndGet()).put("readOnly", readOnly));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return anonymous.withKey(created.json().getString("key"));
  }
}
