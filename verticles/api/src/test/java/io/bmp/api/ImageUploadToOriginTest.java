package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.testing.Ports;
import io.bmp.image.ImageVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Image upload with the image origin on another host than the api ({@code imageOrigin}): every
 * case of {@link ImageUploadTest} again, now against a real image verticle's store, plus what only
 * a remote origin can do wrong. The api's own store must stay empty throughout.
 */
class ImageUploadToOriginTest extends ImageUploadTest {

  private static final String TOKEN = "origin-upload-token-7f3a";

  private ImageVerticle origin;

  @Override
  JsonObject apiConfig() {
    return new JsonObject().put("imageOrigin", "http://127.0.0.1:" + deployOrigin()).put("imageOriginToken", TOKEN);
  }

  @Override
  Path uploadStore() {
    return tempDir.resolve("origin-images");
  }

  private int deployOrigin() {
    origin = new ImageVerticle();
    vertx.deployVerticle(origin, new DeploymentOptions().setConfig(new JsonObject().put("room", "central")
        .put("dataDir", tempDir.resolve("origin-data").toString()).put("store", uploadStore().toString())
        .put("host", "127.0.0.1").put("port", 0).put("uploadToken", TOKEN))).await();
    return origin.port();
  }

  @Test
  void theOriginServesWhatWasUploadedAndTheApiKeepsNothing() throws Exception {
    byte[] image = new byte[3 << 20];
    new Random(11).nextBytes(image);
    ApiClient.Response uploaded = upload("origin-" + Fixtures.next(), sha256(image), Buffer.buffer(image));
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    String path = uploaded.json().getString("id") + "/" + uploaded.json().getString("fileName");
    var served = http.get(origin.port(), "127.0.0.1", "/" + path).send().await();
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body().getBytes()).isEqualTo(image);
    assertThat(served.getHeader("X-Checksum-Sha256")).isEqualTo(sha256(image));
    assertThat(Files.exists(tempDir.resolve("images"))).as("the api's own store").isFalse();
  }

  @Test
  void anOriginThatCannotBeReachedIsUnavailableNotAnInternalError() throws Exception {
    int api = deployApi(new JsonObject().put("imageOrigin", "http://127.0.0.1:" + Ports.free()).put("imageOriginToken", TOKEN));
    ApiClient.Response refused = upload(api, "down-" + Fixtures.next(), "44".repeat(32), Buffer.buffer(new byte[1 << 20]));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("COMPONENT_UNAVAILABLE");
  }

  @Test
  void anOriginThatRefusesTheTokenIsAnUpstreamFailureAndKeepsNothing() throws Exception {
    int api = deployApi(new JsonObject().put("imageOrigin", "http://127.0.0.1:" + origin.port())
        .put("imageOriginToken", "not-" + TOKEN));
    byte[] image = new byte[1 << 20];
    new Random(12).nextBytes(image);
    String name = "token-" + Fixtures.next();
    ApiClient.Response refused = upload(api, name, sha256(image), Buffer.buffer(image));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("UPSTREAM_FAILED");
    assertThat(refused.errorMessage()).contains("UNAUTHENTICATED").doesNotContain(TOKEN);
    assertThat(partFiles()).isEmpty();
    assertThat(unregistered()).isEmpty();
    assertThat(owner.get("/v1/images?pageSize=1000").text()).doesNotContain(name);
  }

  @Test
  void anOriginWithoutATokenIsAConfigurationError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> deployApi(new JsonObject()
            .put("imageOrigin", "http://127.0.0.1:" + origin.port())))
        .hasMessageContaining("imageOriginToken");
  }

  /** A second api verticle on the same database, with its own upload settings. */
  private int deployApi(JsonObject uploads) {
    int api = Ports.free();
    vertx.deployVerticle(ApiVerticle::new, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", api).put("operatorPort", 0).put("node", "test-2")
        .put("adminPassword", ADMIN_PASSWORD).put("dataDir", tempDir.toString())
        .put("imageMaxBytes", 24L << 20).mergeIn(uploads))).await();
    return api;
  }
}
