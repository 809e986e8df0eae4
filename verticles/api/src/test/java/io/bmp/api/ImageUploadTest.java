package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image upload: streamed, hashed on the way, visible only when whole and correct. */
class ImageUploadTest extends ApiTestBase {

  String osId;
  Path store;

  @BeforeEach
  void setUp() {
    osId = new Fixtures(owner).operatingSystem().getString("id");
    store = uploadStore();
  }

  /** Where uploads end up: the api node's own image store. */
  Path uploadStore() {
    return tempDir.resolve("images");
  }

  @Test
  void anUploadLargerThanAnyBufferedBodyIsStoredWithItsHash() throws Exception {
    // 20 MiB: over the 16 MiB the body handler would accept, so it must have been streamed.
    byte[] image = new byte[20 << 20];
    new Random(7).nextBytes(image);
    String sha = sha256(image);
    ApiClient.Response uploaded = upload("ubuntu-up-" + Fixtures.next(), sha, Buffer.buffer(image));
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    JsonObject json = uploaded.json();
    assertThat(json.getString("sha256")).isEqualTo(sha);
    assertThat(json.getLong("sizeBytes")).isEqualTo(image.length);
    assertThat(json.getString("url")).startsWith("store:/" + json.getString("id") + "/");
    Path stored = store.resolve(json.getString("id")).resolve(json.getString("fileName"));
    assertThat(Files.readAllBytes(stored)).isEqualTo(image);
    assertThat(partFiles()).isEmpty();
    assertThat(owner.get("/v1/images/" + json.getString("id")).json().getString("state")).isEqualTo("available");
  }

  @Test
  void deletingAnUploadedImageGivesItsFileBack() throws Exception {
    byte[] image = new byte[1 << 20];
    new Random(15).nextBytes(image);
    JsonObject uploaded = upload("gone-" + Fixtures.next(), sha256(image), Buffer.buffer(image)).json();
    String id = uploaded.getString("id");
    Path stored = store.resolve(id).resolve(uploaded.getString("fileName"));
    assertThat(stored).exists();
    // Bound to a device type, it is in use: refused, and the file stays.
    Fixtures f = new Fixtures(owner);
    String typeId = f.deviceType(f.room().getString("id")).getString("id");
    owner.put("/v1/device-types/" + typeId + "/images/" + id, null);
    assertThat(owner.delete("/v1/images/" + id).status()).isEqualTo(409);
    assertThat(stored).exists();

    owner.delete("/v1/device-types/" + typeId + "/images/" + id);
    assertThat(owner.delete("/v1/images/" + id).status()).isEqualTo(204);
    assertThat(store.resolve(id)).as("the image's directory, file and checksum").doesNotExist();
    assertThat(owner.get("/v1/images/" + id).status()).isEqualTo(404);
  }

  @Test
  void anUploadWhoseImageCannotBeRegisteredLeavesNoFileBehind() throws Exception {
    byte[] first = new byte[1 << 20];
    new Random(13).nextBytes(first);
    String name = "twice-" + Fixtures.next();
    assertThat(upload(name, sha256(first), Buffer.buffer(first)).status()).isEqualTo(201);
    byte[] second = new byte[1 << 20];
    new Random(14).nextBytes(second);
    // Whole and with the right hash, so it was stored; then registering fails on the name.
    ApiClient.Response refused = upload(name, sha256(second), Buffer.buffer(second));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(unregistered()).isEmpty();
    assertThat(partFiles()).isEmpty();
  }

  @Test
  void aWrongHashLeavesNothingBehind() throws Exception {
    byte[] image = new byte[1 << 20];
    new Random(8).nextBytes(image);
    String name = "bad-" + Fixtures.next();
    ApiClient.Response refused = upload(name, "00".repeat(32), Buffer.buffer(image));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorMessage()).contains(sha256(image));
    assertThat(partFiles()).isEmpty();
    assertThat(unregistered()).isEmpty();
    assertThat(owner.get("/v1/images?pageSize=1000").text()).doesNotContain(name);
  }

  @Test
  void anInterruptedUploadLeavesNothingBehind() throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      String name = "cut-" + Fixtures.next();
      HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port)
          .setHost("127.0.0.1").setURI("/v1/images/upload?name=" + name + "&osId=" + osId
              + "&format=raw&bootModes=uefi&sha256=" + "11".repeat(32))
          .putHeader("Authorization", "Bearer " + bearer(owner))
          .putHeader("Content-Length", String.valueOf(10 << 20))).await();
      request.write(Buffer.buffer(new byte[1 << 20])).await();
      // Give the server the first megabyte, then drop the connection mid-body.
      Thread.sleep(300);
      request.connection().close().await();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!partFiles().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(partFiles()).isEmpty();
      assertThat(unregistered()).isEmpty();
      assertThat(owner.get("/v1/images?pageSize=1000").text()).doesNotContain(name);
    } finally {
      client.close().await();
    }
  }

  @Test
  void tooLargeIsRefused() throws Exception {
    ApiClient.Response refused = upload("huge-" + Fixtures.next(), "22".repeat(32), Buffer.buffer(new byte[25 << 20]));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(partFiles()).isEmpty();
    assertThat(unregistered()).isEmpty();
  }

  @Test
  void onlyOperatorsUpload() {
    ApiClient.Response refused = keyOf(newUser("User"), false).send(HttpMethod.POST,
        "/v1/images/upload?name=x&osId=" + osId + "&format=raw&bootModes=uefi&sha256=" + "33".repeat(32), "bytes");
    assertThat(refused.status()).isEqualTo(403);
    ApiClient.Response missing = owner.send(HttpMethod.POST, "/v1/images/upload?name=x", "bytes");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGUMENT");
    assertThat(missing.errorMessage()).contains("osId");
  }

  ApiClient.Response upload(String name, String sha, Buffer body) {
    return upload(port, name, sha, body);
  }

  ApiClient.Response upload(int apiPort, String name, String sha, Buffer body) {
    var response = http.post(apiPort, "127.0.0.1", "/v1/images/upload?name=" + name + "&osId=" + osId
            + "&format=raw.gz&bootModes=uefi,bios&sha256=" + sha)
        .putHeader("Authorization", "Bearer " + bearer(owner))
        .putHeader("Content-Type", "application/octet-stream")
        .sendBuffer(body).await();
    String text = response.bodyAsString();
    return new ApiClient.Response(response.statusCode(), text != null && text.startsWith("{") ? new JsonObject(text) : null,
        text, response.headers());
  }

  String bearer(ApiClient caller) {
    return caller.post("/v1/api-keys", new JsonObject().put("name", "up-" + Fixtures.next())).json().getString("key");
  }

  /** Files in the store under a directory no registered image has as its id. */
  java.util.List<Path> unregistered() throws Exception {
    java.util.Set<String> ids = new java.util.HashSet<>();
    owner.get("/v1/images?pageSize=1000").json().getJsonArray("items")
        .forEach(i -> ids.add(((JsonObject) i).getString("id")));
    if (!Files.exists(store)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !ids.contains(store.relativize(f).getName(0).toString())).toList();
    }
  }

  /** Temporary files of uploads anywhere in the store ({@code <imageId>/.<file>.part-<uuid>}). */
  java.util.List<Path> partFiles() throws Exception {
    return partFiles(store);
  }

  static java.util.List<Path> partFiles(Path store) throws Exception {
    if (!Files.exists(store)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(p -> p.getFileName().toString().contains(".part-")).toList();
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
