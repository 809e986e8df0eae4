package io.bmp.launcher.lab;

import io.bmp.agent.lab.Lab;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.crypto.Tokens;
import io.bmp.core.domain.ApiKey;
import io.bmp.core.domain.Room;
import io.bmp.core.repo.ApiKeyRepository;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.repo.UserRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.launcher.lab.DemoContent.DemoImage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --lab N}: starts N simulated machines beside an all-in-one node and brings them in as an
 * operator would, through the REST API: the room (its id is the node's room, so it is the one row
 * written directly), a device type, the demo OS and images (uploaded), the devices (imported),
 * then each put on the shelf. Devices imported by this start then get a demo install each, so the
 * first run shows a whole provisioning; a restarted lab finds its devices and installs nothing new.
 */
public final class LabSetup {

  private static final Logger LOG = LoggerFactory.getLogger(LabSetup.class);
  private static final String KEY_NAME = "lab";
  private static final String SPEC_CODE = "lab.sim";
  private static final String OS_NAME = "BMP Demo Linux";
  private static final long POLL_MILLIS = 1000;
  private static final int KEYS_PER_USER = 10;

  /** What the lab is: its nodes and where the room's services are; {@code demoInstall} false leaves devices ready. */
  /** What to set up; {@code hosts} makes the machines (null: simulated ones, as the lab settings size them). */
  public record Plan(Lab.Settings lab, String room, String apiBase, Path tftpRoot, Path store, int rawImageMib,
      boolean demoInstall, Lab.Hosts hosts) {}

  private final Vertx vertx;
  private final Database db;
  private final SecretBox secrets;
  private final Plan plan;
  private Lab lab;
  private WebClient client;

  private LabSetup(Vertx vertx, Database db, SecretBox secrets, Plan plan) {
    this.vertx = vertx;
    this.db = db;
    this.secrets = secrets;
    this.plan = plan;
  }

  /**
   * Starts the lab's machines and registers them; the future completes once every device was
   * imported and its shelving started (the demo installs follow in the background).
   */
  public static Future<LabSetup> start(Vertx vertx, Database db, SecretBox secrets, Plan plan) {
    LabSetup setup = new LabSetup(vertx, db, secrets, plan);
    return setup.run().map(setup);
  }

  public Lab lab() {
    return lab;
  }

  private Future<Void> run() {
    Path labDir = plan.lab().dir();
    Path demoDir = labDir.resolve("demo");
    Future<String> password = vertx.executeBlocking(() -> bmcPassword(labDir), false);
    Future<List<DemoImage>> content = vertx.executeBlocking(() -> {
      DemoContent.bootFiles(plan.tftpRoot(), plan.store());
      return List.of(DemoContent.rawImage(demoDir, plan.rawImageMib()), DemoContent.tarImage(demoDir));
    }, false);
    return Future.all(password, content)
        .compose(v -> {
          Lab.Settings settings = plan.lab().withBmcPassword(password.result());
          return Lab.start(vertx, settings, plan.hosts() != null ? plan.hosts() : Lab.simulated(settings));
        })
        .compose(started -> {
          lab = started;
          return room(plan.lab().bmcUser(), password.result());
        })
        .compose(v -> apiKey()).compose(key -> {
      client = WebClient.create(vertx);
      LabApi api = new LabApi(vertx, client, plan.apiBase(), key);
      return catalog(api, content.result()).compose(ids -> devices(api, ids));
    });
  }

  /** The BMC password of the lab's machines: made once, kept in {@code <lab>/bmc-password} (mode 0600). */
  private static String bmcPassword(Path labDir) throws IOException {
    Path file = labDir.resolve("bmc-password");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    Files.createDirectories(labDir);
    String password = Tokens.next("lab").substring(0, 24);
    Path partial = labDir.resolve(".bmc-password.partial");
    Files.writeString(partial, password + "\n");
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return password;
  }

  /** The room row whose id is the node's room (the REST API makes up room ids, so this one is written here). */
  private Future<Void> room(String bmcUser, String bmcPassword) {
    RoomRepository rooms = new RoomRepository(db);
    return rooms.find(plan.room()).compose(found -> found.isPresent() ? Future.<Void>succeededFuture()
        : rooms.create(new Room(plan.room(), "Lab", "Lab", plan.room(), "T3", "loopback",
            "Simulated machines of this all-in-one node (--lab)", bmcUser, secrets.encrypt(bmcPassword), null, null, 0))
            .<Void>mapEmpty().onSuccess(v -> LOG.info("LAB-ROOM created room={}", plan.room())));
  }

  /** A fresh API key of the first administrator for this run; the keys of earlier runs are deleted. */
  private Future<String> apiKey() {
    UserRepository users = new UserRepository(db);
    ApiKeyRepository keys = new ApiKeyRepository(db);
    return users.findByUsername("admin").compose(admin -> {
      if (admin.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("the lab needs the first administrator 'admin'"));
      }
      String userId = admin.get().id();
      String token = Tokens.next("bmp_");
      return keys.listOwned(userId)
          .compose(owned -> Future.all(owned.stream().filter(k -> KEY_NAME.equals(k.name()))
              .map(k -> keys.delete(userId, k.id())).toList()))
          .compose(v -> keys.create(new ApiKey(Ids.next("apikey"), userId, KEY_NAME, Tokens.sha256(token),
              token.substring(0, 10), false, null, null), KEYS_PER_USER))
          .map(created -> token);
    });
  }

  private record CatalogIds(String typeId, String rawImageId, String tarImageId) {}

  private Future<CatalogIds> catalog(LabApi api, List<DemoImage> images) {
    Future<String> type = api.items("/v1/device-types?roomId=" + plan.room()).compose(types -> {
      for (Object o : types) {
        if (SPEC_CODE.equals(((JsonObject) o).getString("specCode"))) {
          return Future.succeededFuture(((JsonObject) o).getString("id"));
        }
      }
      long gb = Math.max(1, plan.lab().diskBytes() >> 30);
      return api.post("/v1/device-types", new JsonObject().put("roomId", plan.room()).put("name", "Lab node")
              .put("specCode", SPEC_CODE).put("series", "computer").put("architecture", "x86_64")
              .put("bootModes", new JsonArray().add("uefi").add("bios"))
              .put("volumes", new JsonArray().add(new JsonObject().put("name", "system").put("volumeType", "system")
                  .put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", gb).put("amount", 1))))
          .map(created -> created.getString("id"));
    });
    Future<String> os = api.items("/v1/operating-systems").compose(all -> {
      for (Object o : all) {
        if (OS_NAME.equals(((JsonObject) o).getString("name"))) {
          return Future.succeededFuture(((JsonObject) o).getString("id"));
        }
      }
      return api.post("/v1/operating-systems", new JsonObject().put("name", OS_NAME).put("osType", "Linux")
          .put("osVersion", "1.0").put("architecture", "x86_64")).map(created -> created.getString("id"));
    });
    return Future.all(type, os).compose(v -> api.items("/v1/images")).compose(existing -> {
      List<Future<String>> ids = new ArrayList<>();
      for (DemoImage image : images) {
        ids.add(image(api, existing, image, os.result()));
      }
      return Future.all(ids).compose(all -> {
        String typeId = type.result();
        List<Future<JsonObject>> bound = new ArrayList<>();
        for (Future<String> id : ids) {
          bound.add(api.put("/v1/device-types/" + typeId + "/images/" + id.result(), null)
              .compose(b -> api.put("/v1/device-types/" + typeId + "/partition-templates", new JsonObject()
                  .put("imageId", id.result()).put("bootMode", "uefi").put("partitions", new JsonArray()
                      .add(new JsonObject().put("mountPoint", "/boot").put("fsType", "ext4").put("sizeMb", 512))
                      .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0))))));
        }
        return Future.all(bound).map(b -> new CatalogIds(typeId, ids.get(0).result(), ids.get(1).result()));
      });
    });
  }

  private Future<String> image(LabApi api, JsonArray existing, DemoImage image, String osId) {
    for (Object o : existing) {
      JsonObject e = (JsonObject) o;
      if (image.name().equals(e.getString("name")) && image.sha256().equals(e.getString("sha256"))) {
        return Future.succeededFuture(e.getString("id"));
      }
    }
    LOG.info("LAB-IMAGE uploading {} ({} bytes, {})", image.name(), image.bytes(), image.format());
    return api.upload("/v1/images/upload?name=" + image.name() + "&osId=" + osId + "&format=" + image.format()
        + "&bootModes=uefi,bios&sha256=" + image.sha256(), image.file()).map(created -> created.getString("id"));
  }

  /** Imports the machines the room does not know yet, shelves whatever is in stock, then the demo installs. */
  private Future<Void> devices(LabApi api, CatalogIds ids) {
    return api.items("/v1/devices?roomId=" + plan.room()).compose(known -> {
      Set<String> sns = new HashSet<>();
      known.forEach(o -> sns.add(((JsonObject) o).getString("sn")));
      JsonArray missing = new JsonArray();
      for (int i = 1; i <= plan.lab().count(); i++) {
        Lab.Identity id = Lab.Identity.of(i);
        if (!sns.contains(id.sn())) {
          missing.add(new JsonObject().put("sn", id.sn()).put("cabinet", "LAB").put("uPosition", String.valueOf(i))
              .put("bmcType", "ipmi").put("bmcAddress", id.bmcAddress()).put("bmcPort", plan.lab().bmcPort())
              .put("mgmtIpv4", id.ipv4()).put("mgmtMask", "255.255.0.0").put("mgmtGateway", "10.250.0.1")
              .put("interfaces", new JsonArray().add(new JsonObject().put("name", "eth0").put("mac", id.mac())
                  .put("role", "pxe"))));
        }
      }
      Future<List<String>> imported = missing.isEmpty() ? Future.succeededFuture(List.of())
          : importInChunks(api, ids.typeId(), missing);
      return imported.compose(newIds -> {
        LOG.info("LAB-DEVICES room={} known={} imported={}", plan.room(), sns.size(), newIds.size());
        return api.items("/v1/devices?roomId=" + plan.room() + "&state=in_stock").compose(stock -> {
          List<Future<JsonObject>> shelving = new ArrayList<>();
          stock.forEach(o -> shelving.add(api.post("/v1/devices/" + ((JsonObject) o).getString("id") + "/shelve",
              new JsonObject())));
          return Future.all(shelving).onSuccess(v -> LOG.info("LAB-SHELVE started for {} devices", stock.size()));
        }).onSuccess(v -> {
          if (plan.demoInstall() && !newIds.isEmpty()) {
            demoInstalls(api, ids, Set.copyOf(newIds));
          }
        }).mapEmpty();
      });
    });
  }

  private Future<List<String>> importInChunks(LabApi api, String typeId, JsonArray devices) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < devices.size(); from += 500) {
      JsonArray chunk = new JsonArray(devices.getList().subList(from, Math.min(devices.size(), from + 500)));
      chain = chain.compose(v -> api.post("/v1/devices", new JsonObject().put("roomId", plan.room())
              .put("deviceTypeId", typeId).put("devices", chunk))
          .map(created -> {
            created.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getString("id")));
            return null;
          }));
    }
    return chain.map(ids);
  }

  /** Once the new devices are on the shelf, one demo instance on each (raw image; every tenth the tar one). */
  private void demoInstalls(LabApi api, CatalogIds ids, Set<String> newIds) {
    Promise<Integer> ready = Promise.promise();
    waitReady(api, newIds, ready, 0);
    ready.future().compose(count -> {
      // The instances' administrator password is never shown: the lab's machines are reached through the API.
      String password = "Lab-" + Tokens.next("").substring(0, 12) + "!9";
      int tar = count / 10;
      List<JsonObject> requests = new ArrayList<>();
      for (int left = count - tar; left > 0; left -= 100) {
        requests.add(instances(ids.typeId(), ids.rawImageId(), "demo", Math.min(100, left), password));
      }
      if (tar > 0) {
        requests.add(instances(ids.typeId(), ids.tarImageId(), "demo-rootfs", tar, password));
      }
      Future<JsonObject> chain = Future.succeededFuture();
      for (JsonObject request : requests) {
        chain = chain.compose(v -> api.post("/v1/instances", request));
      }
      return chain.onSuccess(v -> LOG.info("LAB-DEMO installing {} demo instances; watch GET /v1/instances and /v1/tasks",
          count));
    }).onFailure(e -> LOG.warn("LAB-DEMO no demo install: {}", e.getMessage()));
  }

  private JsonObject instances(String typeId, String imageId, String name, int count, String password) {
    return new JsonObject().put("roomId", plan.room()).put("deviceTypeId", typeId).put("imageId", imageId)
        .put("bootMode", "uefi").put("name", name).put("count", count).put("password", password);
  }

  private void waitReady(LabApi api, Set<String> newIds, Promise<Integer> ready, int rounds) {
    api.items("/v1/devices?roomId=" + plan.room()).onComplete(listed -> {
      if (listed.succeeded()) {
        int readyCount = 0;
        int pending = 0;
        for (Object o : listed.result()) {
          JsonObject d = (JsonObject) o;
          if (newIds.contains(d.getString("id"))) {
            String state = d.getString("state");
            if ("ready".equals(state)) {
              readyCount++;
            } else if ("shelving".equals(state) || "in_stock".equals(state)) {
              pending++;
            }
          }
        }
        if (pending == 0) {
          if (readyCount == 0) {
            ready.fail("no lab device reached the shelf; see the shelve tasks");
          } else {
            ready.complete(readyCount);
          }
          return;
        }
      }
      if (rounds > 600) {
        ready.fail("the lab's devices did not reach the shelf in 10 minutes");
        return;
      }
      vertx.setTimer(POLL_MILLIS, t -> waitReady(api, newIds, ready, rounds + 1));
    });
  }

  public Future<Void> close() {
    if (client != null) {
      client.close();
    }
    return lab == null ? Future.succeededFuture() : lab.close();
  }
}
