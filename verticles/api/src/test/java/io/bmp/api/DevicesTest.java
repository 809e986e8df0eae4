package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Devices: import (JSON, CSV, xlsx), state actions, and what never leaves the server. */
class DevicesTest extends ApiTestBase {

  Fixtures f;
  String roomId;
  String typeId;

  @BeforeEach
  void setUp() {
    f = new Fixtures(owner);
    roomId = f.room().getString("id");
    typeId = f.deviceType(roomId).getString("id");
  }

  @Test
  void importedDevicesStartInStockWithTheRoomsBmcUser() {
    JsonArray created = f.devices(roomId, typeId, 3);
    assertThat(created).hasSize(3);
    JsonObject first = created.getJsonObject(0);
    assertThat(first.getString("state")).isEqualTo("in_stock");
    assertThat(first.getString("bmcUser")).isEqualTo("admin");
    assertThat(first.getJsonArray("interfaces").getJsonObject(0).getString("role")).isEqualTo("pxe");
  }

  @Test
  void aDuplicateInTheBatchFailsTheWholeBatchNamingTheRow() {
    int n = Fixtures.next();
    JsonArray batch = new JsonArray()
        .add(Fixtures.deviceBody("SN-A" + n, Fixtures.bmc(n), Fixtures.mac(n)))
        .add(Fixtures.deviceBody("SN-B" + n, Fixtures.bmc(n + 1), Fixtures.mac(n)));
    ApiClient.Response refused = owner.post("/v1/devices", new JsonObject().put("roomId", roomId).put("devices", batch));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorMessage()).contains("Device 1").contains("MAC");
    assertThat(owner.get("/v1/devices?sn=SN-A" + n).json().getLong("totalCount")).isZero();
  }

  @Test
  void theBmcPasswordNeverComesBack() {
    int n = Fixtures.next();
    ApiClient.Response created = owner.post("/v1/devices", new JsonObject().put("roomId", roomId).put("devices",
        new JsonArray().add(Fixtures.deviceBody("SN" + n, Fixtures.bmc(n), Fixtures.mac(n)).put("bmcPassword", "hunter22"))));
    JsonObject device = created.json().getJsonArray("items").getJsonObject(0);
    assertThat(device.getBoolean("hasBmcPassword")).isTrue();
    assertThat(created.text()).doesNotContain("hunter22");
    assertThat(owner.get("/v1/devices/" + device.getString("id")).text()).doesNotContain("hunter22").doesNotContain("v1:");
  }

  @Test
  void csvImportReportsEveryBadRowAndImportsNothingThenImportsAGoodFile() {
    int n = Fixtures.next();
    String header = "sn,cabinet,uPosition,mac1,mask,ipv4,ipv6,gateway,bmcAddress,bmcUser,bmcPassword,mac2\n";
    String good1 = "CSV" + n + ",A1,10," + Fixtures.mac(n) + ",255.255.255.0,10.9.0.11,2001:db8::11,10.9.0.1," + Fixtures.bmc(n) + ",,pw,\n";
    String good2 = "CSV" + (n + 1) + ",A1,11," + Fixtures.mac(n + 1) + ",,,,," + Fixtures.bmc(n + 1) + ",,,\n";
    String bad = "CSV" + (n + 1) + ",A1,12,not-a-mac,,300.1.1.1,2001:db8::zz,," + Fixtures.bmc(n) + ",,,\n";
    // Longer than the columns hold: a row error, not a failed insert (HTTP 500).
    String overlong = "CSV" + (n + 2) + "," + "R".repeat(65) + "," + "9".repeat(17) + "," + Fixtures.mac(n + 2) + ",,,,,"
        + Fixtures.bmc(n + 2) + ",,,\n";
    ApiClient.Response refused = importFile("text/csv", Buffer.buffer(header + good1 + good2 + bad + overlong));
    assertThat(refused.status()).isEqualTo(400);
    JsonArray rows = refused.json().getJsonArray("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.getJsonObject(1).getInteger("row")).isEqualTo(5);
    assertThat(rows.getJsonObject(1).getJsonArray("errors").encode())
        .contains("cabinet is longer than 64 characters").contains("uPosition is longer than 16 characters");
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getInteger("row")).isEqualTo(4);
    assertThat(row.getJsonArray("errors").encode()).contains("not-a-mac").contains("300.1.1.1").contains("mgmtIpv6").contains("2001:db8::zz")
        .contains("also appears in row 3").contains("also appears in row 2");
    assertThat(owner.get("/v1/devices?sn=CSV" + n).json().getLong("totalCount")).isZero();

    ApiClient.Response imported = importFile("text/csv", Buffer.buffer(header + good1 + good2));
    assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
    assertThat(imported.json().getInteger("imported")).isEqualTo(2);
    assertThat(owner.get("/v1/devices?sn=CSV" + n).json().getJsonArray("items").getJsonObject(0).getString("mgmtIpv6"))
        .isEqualTo("2001:db8::11");
    // The same file again: every row now collides with live devices.
    ApiClient.Response again = importFile("text/csv", Buffer.buffer(header + good1 + good2));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().getJsonArray("rows")).hasSize(2);
    assertThat(again.json().getJsonArray("rows").getJsonObject(0).getJsonArray("errors").encode()).contains("already used");
  }

  @Test
  void xlsxImportOfTheTemplate() throws Exception {
    int n = Fixtures.next();
    Buffer file = xlsx(List.of(
        List.of("序列号", "机柜", "U位", "MAC1", "掩码", "IPv4", "IPv6", "网关", "带外IP", "带外用户", "带外密码", "MAC2"),
        List.of("XL" + n, "B2", "20", Fixtures.mac(n), "255.255.255.0", "10.8.0.5", "fd00:8::5", "10.8.0.1", Fixtures.bmc(n), "root", "pw", Fixtures.mac(n + 1)),
        List.of("XL" + (n + 2), "B2", "21", Fixtures.mac(n + 2), "", "", "", "", Fixtures.bmc(n + 2), "", "", "")));
    ApiClient.Response imported = importFile("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
    assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
    assertThat(imported.json().getInteger("imported")).isEqualTo(2);
    JsonObject device = owner.get("/v1/devices?sn=XL" + n).json().getJsonArray("items").getJsonObject(0);
    assertThat(device.getJsonArray("interfaces")).hasSize(2);
    assertThat(device.getString("bmcUser")).isEqualTo("root");
    assertThat(device.getString("mgmtGateway")).isEqualTo("10.8.0.1");
    assertThat(device.getString("mgmtIpv6")).isEqualTo("fd00:8::5");

    Buffer bad = xlsx(List.of(List.of("sn"), List.of("", "B2", "20", "zz")));
    ApiClient.Response refused = importFile("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonArray("rows").getJsonObject(0).getJsonArray("errors").encode())
        .contains("sn is missing").contains("bmcAddress is missing").contains("zz");
  }

  @Test
  void aFileThatIsNotASpreadsheetIsA400() {
    ApiClient.Response garbage = importFile("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Buffer.buffer("PK not really a zip"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.errorCode()).isEqualTo("INVALID_ARGUMENT");
    ApiClient.Response wrongType = owner.send(io.vertx.core.http.HttpMethod.POST, "/v1/devices/import?roomId=" + roomId,
        "{\"a\": 1}");
    assertThat(wrongType.status()).isEqualTo(400);
  }

  @Test
  void shelvingStartsATaskAndFollowsTheStateMachine() {
    JsonObject device = f.devices(roomId, typeId, 1).getJsonObject(0);
    String id = device.getString("id");
    ApiClient.Response task = owner.post("/v1/devices/" + id + "/shelve", null);
    assertThat(task.status()).isEqualTo(202);
    assertThat(task.json().getString("kind")).isEqualTo("shelve");
    assertThat(task.json().getString("state")).isEqualTo("pending");
    assertThat(owner.get("/v1/devices/" + id).json().getString("state")).isEqualTo("shelving");
    ApiClient.Response twice = owner.post("/v1/devices/" + id + "/shelve", null);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(owner.post("/v1/devices/" + id + "/unshelve", null).status()).as("not ready yet").isEqualTo(409);
    assertThat(owner.delete("/v1/devices/" + id).status()).as("busy").isEqualTo(409);
  }

  @Test
  void aFreeDeviceCanBePoweredOffButOneWithAnInstanceIsStoppedThroughIt() {
    String id = f.devices(roomId, typeId, 1).getJsonObject(0).getString("id");
    ApiClient.Response task = owner.post("/v1/devices/" + id + "/power-off", null);
    assertThat(task.status()).as(task.toString()).isEqualTo(202);
    assertThat(task.json().getString("kind")).isEqualTo("power_off");
    assertThat(task.json().getString("instanceId")).isNull();
    assertThat(owner.get("/v1/devices/" + id).json().getString("state")).as("its state does not change").isEqualTo("in_stock");
    assertThat(owner.post("/v1/devices/" + id + "/power-off", null).status()).as("one task at a time").isEqualTo(409);

    Stock stock = stock(1);
    JsonObject instance = newUser("User").post("/v1/instances", stock.create("pw", 1)).json().getJsonArray("items").getJsonObject(0);
    ApiClient.Response refused = owner.post("/v1/devices/" + instance.getString("deviceId") + "/power-off", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorMessage()).contains("stop the instance instead");
  }

  @Test
  void aDeviceWithoutTypeCannotBeShelved() {
    int n = Fixtures.next();
    String id = owner.post("/v1/devices", new JsonObject().put("roomId", roomId).put("devices",
        new JsonArray().add(Fixtures.deviceBody("NT" + n, Fixtures.bmc(n), Fixtures.mac(n))))).json()
        .getJsonArray("items").getJsonObject(0).getString("id");
    ApiClient.Response refused = owner.post("/v1/devices/" + id + "/shelve", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorMessage()).contains("no device type");
  }

  @Test
  void retiringFreesTheSerialNumber() {
    JsonObject device = f.devices(roomId, typeId, 1).getJsonObject(0);
    assertThat(owner.post("/v1/devices/" + device.getString("id") + "/retire",
        new JsonObject().put("reason", "broken mainboard")).status()).isEqualTo(204);
    assertThat(owner.get("/v1/devices/" + device.getString("id")).status()).isEqualTo(404);
    int n = Fixtures.next();
    ApiClient.Response reimported = owner.post("/v1/devices", new JsonObject().put("roomId", roomId).put("devices",
        new JsonArray().add(Fixtures.deviceBody(device.getString("sn"), device.getString("bmcAddress"),
            device.getJsonArray("interfaces").getJsonObject(0).getString("mac")))));
    assertThat(reimported.status()).as(reimported.toString()).isEqualTo(201);
  }

  @Test
  void updatesNeedTheVersionAndTheTypeChangesOnlyInStock() {
    JsonObject device = f.devices(roomId, typeId, 1).getJsonObject(0);
    String path = "/v1/devices/" + device.getString("id");
    ApiClient.Response moved = owner.patch(path, new JsonObject().put("version", device.getInteger("version"))
        .put("cabinet", "Z9").put("uPosition", "42").put("mgmtIpv6", "2001:db8:0:1::42"));
    assertThat(moved.json().getString("cabinet")).isEqualTo("Z9");
    assertThat(moved.json().getString("mgmtIpv6")).isEqualTo("2001:db8:0:1::42");
    assertThat(owner.patch(path, new JsonObject().put("version", moved.json().getInteger("version"))
        .put("mgmtIpv6", "10.0.0.1")).json().getJsonObject("error").getString("field")).isEqualTo("/mgmtIpv6");
    assertThat(owner.patch(path, new JsonObject().put("version", device.getInteger("version")).put("cabinet", "Y")).status())
        .isEqualTo(409);
    owner.post(path + "/shelve", null);
    JsonObject shelving = owner.get(path).json();
    String otherType = f.deviceType(roomId).getString("id");
    ApiClient.Response refused = owner.patch(path, new JsonObject().put("version", shelving.getInteger("version"))
        .put("deviceTypeId", otherType));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
  }

  @Test
  void aMistypedMacIsMendedByReplacingTheNicsWhileNoInstanceIsOnIt() {
    JsonObject device = f.devices(roomId, typeId, 1).getJsonObject(0);
    String path = "/v1/devices/" + device.getString("id");
    String wrongMac = device.getJsonArray("interfaces").getJsonObject(0).getString("mac");
    int n = Fixtures.next();
    ApiClient.Response mended = owner.patch(path, new JsonObject().put("version", device.getInteger("version"))
        .put("interfaces", new JsonArray().add(new JsonObject().put("name", "eth0").put("mac", Fixtures.mac(n)))
            .add(new JsonObject().put("name", "eth1").put("mac", Fixtures.mac(n + 1)))));
    assertThat(mended.status()).as(mended.toString()).isEqualTo(200);
    JsonArray nics = mended.json().getJsonArray("interfaces");
    assertThat(nics).hasSize(2);
    assertThat(nics.getJsonObject(0).getString("mac")).isEqualTo(Fixtures.mac(n));
    assertThat(nics.getJsonObject(0).getString("role")).as("the first boots").isEqualTo("pxe");
    assertThat(owner.get("/v1/devices?pageSize=1000&roomId=" + roomId).text()).doesNotContain(wrongMac);
    // The old MAC is free again; a MAC another live device has is refused.
    assertThat(owner.post("/v1/devices", new JsonObject().put("roomId", roomId).put("devices", new JsonArray()
        .add(Fixtures.deviceBody("SN-M" + n, Fixtures.bmc(n), wrongMac)))).status()).isEqualTo(201);
    ApiClient.Response taken = owner.patch(path, new JsonObject().put("version", mended.json().getInteger("version"))
        .put("interfaces", new JsonArray().add(new JsonObject().put("name", "eth0").put("mac", wrongMac))));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
    assertThat(owner.get(path).json().getJsonArray("interfaces")).as("nothing half-changed").hasSize(2);

    Stock stock = stock(1);
    ApiClient user = newUser("User");
    String instanceDevice = user.post("/v1/instances", stock.create("nic", 1)).json().getJsonArray("items")
        .getJsonObject(0).getString("deviceId");
    JsonObject inUse = owner.get("/v1/devices/" + instanceDevice).json();
    ApiClient.Response refused = owner.patch("/v1/devices/" + instanceDevice, new JsonObject()
        .put("version", inUse.getInteger("version"))
        .put("interfaces", new JsonArray().add(new JsonObject().put("name", "eth0").put("mac", Fixtures.mac(n + 2)))));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
  }

  @Test
  void usersCannotSeeDevices() {
    assertThat(newUser("User").get("/v1/devices").status()).isEqualTo(403);
  }

  private ApiClient.Response importFile(String contentType, Buffer file) {
    var response = http.post(port, "127.0.0.1", "/v1/devices/import?roomId=" + roomId + "&deviceTypeId=" + typeId)
        .putHeader("Cookie", "bmp_session=" + owner.sessionCookie())
        .putHeader("X-CSRF-Token", csrfOf(owner))
        .putHeader("Content-Type", contentType)
        .sendBuffer(file).await();
    String text = response.bodyAsString();
    return new ApiClient.Response(response.statusCode(), text != null && text.startsWith("{") ? new JsonObject(text) : null,
        text, response.headers());
  }

  private String csrfOf(ApiClient client) {
    return client.get("/v1/session").json().getString("csrfToken");
  }

  private static Buffer xlsx(List<List<String>> rows) throws Exception {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = workbook.createSheet("devices");
      for (int r = 0; r < rows.size(); r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      workbook.write(out);
      return Buffer.buffer(out.toByteArray());
    }
  }
}
