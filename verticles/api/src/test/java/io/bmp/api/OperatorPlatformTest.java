package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Rooms, device types, operating systems, images, bindings and partition layouts. */
class OperatorPlatformTest extends ApiTestBase {

  @Test
  void aRoomsBmcPasswordIsStoredButNeverReturned() {
    JsonObject room = new Fixtures(owner).room();
    assertThat(room.getBoolean("hasBmcPassword")).isTrue();
    assertThat(room.encode()).doesNotContain("room-secret").doesNotContain("bmcPassword");
    String stored = db.pool().preparedQuery("SELECT bmc_password_enc FROM rooms WHERE id = ?")
        .execute(io.vertx.sqlclient.Tuple.of(room.getString("id"))).await().iterator().next().getString(0);
    assertThat(stored).startsWith("v1:").doesNotContain("room-secret");
    ApiClient.Response cleared = owner.patch("/v1/rooms/" + room.getString("id"),
        new JsonObject().put("version", room.getInteger("version")).put("bmcPassword", ""));
    assertThat(cleared.json().getBoolean("hasBmcPassword")).isFalse();
  }

  @Test
  void tenantsReadTheCatalogButOnlyOperatorsChangeIt() {
    ApiClient user = newUser("User");
    JsonObject room = new Fixtures(owner).room();
    assertThat(user.get("/v1/rooms").status()).isEqualTo(200);
    assertThat(user.get("/v1/rooms/" + room.getString("id")).status()).isEqualTo(200);
    assertThat(owner.get("/v1/rooms/" + room.getString("id")).json().getString("bmcUser")).isNotNull();
    assertThat(user.get("/v1/rooms/" + room.getString("id")).json().containsKey("bmcUser"))
        .as("how the room's BMCs are logged in to is not a tenant's business").isFalse();
    assertThat(user.get("/v1/rooms?pageSize=1000").text()).doesNotContain("\"bmcUser\"");
    assertThat(user.get("/v1/raid-levels").json().getJsonArray("items")).hasSize(6);
    assertThat(user.post("/v1/rooms", new JsonObject().put("name", "x").put("shortName", "x")).status()).isEqualTo(403);
    ApiClient operator = newUser("Operator");
    assertThat(new Fixtures(operator).room().getString("id")).startsWith("idc-");
  }

  @Test
  void aDeviceTypeShowsItsVolumesAndStock() {
    Fixtures f = new Fixtures(owner);
    JsonObject room = f.room();
    JsonObject type = f.deviceType(room.getString("id"));
    assertThat(type.getJsonArray("volumes").getJsonObject(0).getJsonArray("raidLevelIds")).contains("r-raid1");
    assertThat(type.getInteger("stock")).isZero();
    JsonArray listed = owner.get("/v1/device-types?roomId=" + room.getString("id")).json().getJsonArray("items");
    assertThat(listed).hasSize(1);
    ApiClient.Response duplicate = owner.post("/v1/device-types", new JsonObject().put("roomId", room.getString("id"))
        .put("name", type.getString("name")).put("specCode", "other").put("series", "computer").put("architecture", "x86_64")
        .put("bootModes", new JsonArray().add("uefi")).put("volumes", new JsonArray().add(new JsonObject().put("name", "s")
            .put("volumeType", "system").put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", 1).put("amount", 1))));
    assertThat(duplicate.status()).isEqualTo(409);
  }

  @Test
  void aDeviceTypesSpecIncludesItsGpusAndCanBeChanged() {
    Fixtures f = new Fixtures(owner);
    String roomId = f.room().getString("id");
    ApiClient.Response created = owner.post("/v1/device-types", new JsonObject().put("roomId", roomId).put("name", "GPU 4U")
        .put("specCode", "bmp.g." + Fixtures.next()).put("series", "computer").put("architecture", "x86_64")
        .put("cpuAmount", 2).put("cpuCores", 32).put("memSizeGb", 1024).put("nicAmount", 2).put("interfaceMode", "bond")
        .put("gpuManufacturer", "NVIDIA").put("gpuModel", "A100").put("gpuAmount", 8)
        .put("bootModes", new JsonArray().add("uefi")).put("volumes", new JsonArray().add(new JsonObject().put("name", "system")
            .put("volumeType", "system").put("diskType", "NVMe").put("interfaceType", "NVMe").put("sizeGb", 960).put("amount", 1))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject type = owner.get("/v1/device-types/" + created.json().getString("id")).json();
    assertThat(type.getString("gpuModel")).isEqualTo("A100");
    assertThat(type.getInteger("gpuAmount")).isEqualTo(8);

    ApiClient.Response changed = owner.patch("/v1/device-types/" + type.getString("id"), new JsonObject()
        .put("version", type.getInteger("version")).put("memSizeGb", 2048).put("gpuModel", "H100").put("needRaid", true));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getInteger("memSizeGb")).isEqualTo(2048);
    assertThat(changed.json().getString("gpuModel")).isEqualTo("H100");
    assertThat(changed.json().getString("gpuManufacturer")).as("unnamed fields stay").isEqualTo("NVIDIA");
    assertThat(changed.json().getInteger("cpuCores")).isEqualTo(32);
    assertThat(changed.json().getBoolean("needRaid")).isTrue();
    assertThat(changed.json().getInteger("version")).isEqualTo(type.getInteger("version") + 1);
  }

  @Test
  void operatingSystemsArePagedAndFiltered() {
    String type = "Os" + Fixtures.next();
    for (String version : java.util.List.of("1", "2", "3")) {
      assertThat(owner.post("/v1/operating-systems", new JsonObject().put("name", type + " " + version).put("osType", type)
          .put("osVersion", version).put("architecture", "x86_64")).status()).isEqualTo(201);
    }
    JsonObject page = owner.get("/v1/operating-systems?osType=" + type + "&pageSize=2&sort=-osVersion").json();
    assertThat(page.getLong("totalCount")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("osVersion")).isEqualTo("3");
    assertThat(owner.get("/v1/operating-systems?osType=" + type + "&architecture=aarch64").json().getLong("totalCount")).isZero();
  }

  @Test
  void imagesAreBoundToTypesAndGetPartitionLayouts() {
    Fixtures f = new Fixtures(owner);
    String typeId = f.deviceType(f.room().getString("id")).getString("id");
    JsonObject image = f.image(f.operatingSystem().getString("id"));
    String imageId = image.getString("id");
    JsonObject layout = new JsonObject().put("imageId", imageId).put("bootMode", "uefi").put("partitions", new JsonArray()
        .add(new JsonObject().put("mountPoint", "/boot").put("fsType", "ext4").put("sizeMb", 1024))
        .add(new JsonObject().put("mountPoint", "swap").put("fsType", "swap").put("sizeMb", 4096))
        .add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0)));
    // Not bound yet: refused.
    assertThat(owner.put("/v1/device-types/" + typeId + "/partition-templates", layout).status()).isEqualTo(409);
    assertThat(owner.put("/v1/device-types/" + typeId + "/images/" + imageId, null).status()).isEqualTo(204);
    assertThat(owner.put("/v1/device-types/" + typeId + "/images/" + imageId, null).status()).as("idempotent").isEqualTo(204);
    assertThat(owner.put("/v1/device-types/" + typeId + "/partition-templates", layout).status()).isEqualTo(200);
    JsonObject read = owner.get("/v1/device-types/" + typeId + "/partition-templates?imageId=" + imageId + "&bootMode=uefi").json();
    assertThat(read.getJsonArray("partitions")).hasSize(3);
    assertThat(owner.get("/v1/images?deviceTypeId=" + typeId).json().getLong("totalCount")).isEqualTo(1);
    // A bound image cannot be deleted; unbound it can.
    assertThat(owner.delete("/v1/images/" + imageId).status()).isEqualTo(409);
    assertThat(owner.delete("/v1/device-types/" + typeId + "/images/" + imageId).status()).isEqualTo(204);
    assertThat(owner.delete("/v1/images/" + imageId).status()).isEqualTo(204);
  }

  @Test
  void aVolumeMayOnlyAllowRaidLevelsItHasTheDisksFor() {
    String roomId = new Fixtures(owner).room().getString("id");
    java.util.function.BiFunction<Integer, String, ApiClient.Response> type = (disks, raid) -> owner.post("/v1/device-types",
        new JsonObject().put("roomId", roomId).put("name", "Raid " + raid + " " + disks + " " + Fixtures.next())
            .put("specCode", "bmp.r." + Fixtures.next()).put("series", "computer").put("architecture", "x86_64")
            .put("bootModes", new JsonArray().add("uefi"))
            .put("volumes", new JsonArray().add(new JsonObject().put("name", "system").put("volumeType", "system")
                .put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", 480).put("amount", disks)
                .put("raidLevelIds", new JsonArray().add("r-noraid").add(raid)))));
    ApiClient.Response oneDisk = type.apply(1, "r-raid1");
    assertThat(oneDisk.status()).as(oneDisk.toString()).isEqualTo(400);
    assertThat(oneDisk.errorMessage()).contains("RAID1 needs at least 2 disks");
    ApiClient.Response threeDisks = type.apply(3, "r-raid10");
    assertThat(threeDisks.status()).isEqualTo(400);
    assertThat(threeDisks.errorMessage()).contains("RAID10 needs at least 4 disks");
    ApiClient.Response unknown = type.apply(4, "r-raid99");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorMessage()).contains("r-raid99");
    assertThat(type.apply(4, "r-raid10").status()).isEqualTo(201);
  }

  @Test
  void anImageBoundOnlyToADeletedTypeCanBeDeleted() {
    Fixtures f = new Fixtures(owner);
    String typeId = f.deviceType(f.room().getString("id")).getString("id");
    String imageId = f.image(f.operatingSystem().getString("id")).getString("id");
    assertThat(owner.put("/v1/device-types/" + typeId + "/images/" + imageId, null).status()).isEqualTo(204);
    assertThat(owner.delete("/v1/images/" + imageId).status()).isEqualTo(409);
    assertThat(owner.delete("/v1/device-types/" + typeId).status()).isEqualTo(204);
    // Before, the deleted type's binding kept the image IN_USE for good, with no type left to unbind it from.
    assertThat(owner.delete("/v1/images/" + imageId).status()).isEqualTo(204);
  }

  @Test
  void anImageUrlThatIsNotAUrlIsRefusedWithItsField() {
    Fixtures f = new Fixtures(owner);
    ApiClient.Response refused = owner.post("/v1/images", new JsonObject().put("name", "spaced").put("osId",
            f.operatingSystem().getString("id")).put("bootModes", new JsonArray().add("uefi")).put("format", "raw.gz")
        .put("url", "http://images example/a b.raw.gz").put("sha256", "ab".repeat(32)));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(refused.errorMessage()).contains("url");
  }

  @Test
  void badPartitionLayoutsAreRefusedWithTheirField() {
    Fixtures f = new Fixtures(owner);
    String typeId = f.deviceType(f.room().getString("id")).getString("id");
    String imageId = f.image(f.operatingSystem().getString("id")).getString("id");
    owner.put("/v1/device-types/" + typeId + "/images/" + imageId, null);
    ApiClient.Response restNotLast = owner.put("/v1/device-types/" + typeId + "/partition-templates",
        new JsonObject().put("imageId", imageId).put("bootMode", "bios").put("partitions", new JsonArray()
            .add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0))
            .add(new JsonObject().put("mountPoint", "/home").put("fsType", "xfs").put("sizeMb", 100))));
    assertThat(restNotLast.status()).isEqualTo(400);
    assertThat(restNotLast.json().getJsonObject("error").getString("message")).contains("/partitions/0");
    ApiClient.Response swapOnXfs = owner.put("/v1/device-types/" + typeId + "/partition-templates",
        new JsonObject().put("imageId", imageId).put("bootMode", "bios").put("partitions", new JsonArray()
            .add(new JsonObject().put("mountPoint", "swap").put("fsType", "xfs").put("sizeMb", 10))
            .add(new JsonObject().put("mountPoint", "/").put("fsType", "xfs").put("sizeMb", 0))));
    assertThat(swapOnXfs.status()).isEqualTo(400);
  }

  @Test
  void anImageOfAnotherArchitectureCannotBeBound() {
    Fixtures f = new Fixtures(owner);
    String typeId = f.deviceType(f.room().getString("id")).getString("id");
    JsonObject armOs = owner.post("/v1/operating-systems", new JsonObject().put("name", "Ubuntu arm")
        .put("osType", "Ubuntu").put("osVersion", "24.04").put("architecture", "aarch64")).json();
    String armImage = f.image(armOs.getString("id")).getString("id");
    ApiClient.Response refused = owner.put("/v1/device-types/" + typeId + "/images/" + armImage, null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorMessage()).contains("aarch64");
  }

  @Test
  void aRoomInUseCannotBeDeleted() {
    Fixtures f = new Fixtures(owner);
    String roomId = f.room().getString("id");
    f.deviceType(roomId);
    ApiClient.Response refused = owner.delete("/v1/rooms/" + roomId);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("IN_USE");
  }
}
