package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds rooms, device types, images and devices through the API, for tests. */
final class Fixtures {

  private static final AtomicInteger N = new AtomicInteger(1000);

  private final ApiClient operator;

  Fixtures(ApiClient operator) {
    this.operator = operator;
  }

  static int next() {
    return N.incrementAndGet();
  }

  JsonObject room() {
    int n = next();
    ApiClient.Response r = operator.post("/v1/rooms", new JsonObject().put("name", "Room " + n).put("shortName", "r" + n)
        .put("bmcUser", "admin").put("bmcPassword", "room-secret"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  JsonObject deviceType(String roomId) {
    return deviceType(roomId, new JsonArray().add(new JsonObject().put("name", "system").put("volumeType", "system")
        .put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", 480).put("amount", 2)
        .put("raidLevelIds", new JsonArray().add("r-raid1").add("r-noraid"))));
  }

  JsonObject deviceType(String roomId, JsonArray volumes) {
    int n = next();
    ApiClient.Response r = operator.post("/v1/device-types", new JsonObject().put("roomId", roomId).put("name", "Type " + n)
        .put("specCode", "bmp.c." + n).put("series", "computer").put("architecture", "x86_64")
        .put("bootModes", new JsonArray().add("uefi").add("bios")).put("volumes", volumes));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  JsonObject operatingSystem() {
    int n = next();
    ApiClient.Response r = operator.post("/v1/operating-systems", new JsonObject().put("name", "Ubuntu " + n)
        .put("osType", "Ubuntu").put("osVersion", "22." + n).put("architecture", "x86_64"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  JsonObject image(String osId) {
    int n = next();
    ApiClient.Response r = operator.post("/v1/images", new JsonObject().put("name", "image-" + n).put("osId", osId)
        .put("bootModes", new JsonArray().add("uefi").add("bios")).put("format", "raw.gz")
        .put("url", "http://images.example/ubuntu-" + n + ".raw.gz").put("sha256", "ab".repeat(32)).put("sizeBytes", 1 << 20));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static JsonObject deviceBody(String sn, String bmc, String... macs) {
    JsonArray nics = new JsonArray();
    for (int i = 0; i < macs.length; i++) {
      nics.add(new JsonObject().put("name", "eth" + i).put("mac", macs[i]));
    }
    return new JsonObject().put("sn", sn).put("bmcAddress", bmc).put("interfaces", nics);
  }

  static String mac(int n) {
    return String.format("52:54:%02x:%02x:%02x:%02x", (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }

  static String bmc(int n) {
    return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  /** {@code count} devices in stock in the room, of the type. */
  JsonArray devices(String roomId, String typeId, int count) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < count; i++) {
      int n = next();
      list.add(deviceBody("SN" + n, bmc(n), mac(n)));
    }
    ApiClient.Response r = operator.post("/v1/devices", new JsonObject().put("roomId", roomId).put("deviceTypeId", typeId)
        .put("devices", list));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getJsonArray("items");
  }
}
