package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The api serves its console beside the API on the same port (here a stand-in console from the
 * test resources, where the jar has the built tenant console).
 */
class ConsolesTest extends ApiTestBase {

  @Test
  void theIndexPageIsNeverCachedAndCarriesASameOriginPolicy() {
    ApiClient.Response index = anonymous.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.text()).contains("BMP test console");
    assertThat(index.headers().get("Content-Type")).startsWith("text/html");
    assertThat(index.headers().get("Cache-Control")).isEqualTo("no-cache");
    assertThat(index.headers().get("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(index.headers().get("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void hashedAssetsAreCachedForLong() {
    ApiClient.Response asset = anonymous.get("/assets/app-test.js");
    assertThat(asset.status()).isEqualTo(200);
    assertThat(asset.text()).contains("bmp test console");
    assertThat(asset.headers().get("Cache-Control")).contains("max-age=31536000");
  }

  @Test
  void unknownPathsAnswerInTheApiErrorFormatAndTheApiIsUntouched() {
    ApiClient.Response missing = anonymous.get("/assets/nothing.js");
    assertThat(missing.status()).isEqualTo(404);
    ApiClient.Response elsewhere = anonymous.get("/no/such/page");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(elsewhere.json().getString("requestId")).isNotBlank().isEqualTo(elsewhere.headers().get("X-Request-Id"));
    assertThat(anonymous.get("/assets/../../openapi/bmp.yaml").status()).isEqualTo(404);
    assertThat(anonymous.get("/v1/session").status()).isEqualTo(401);
    assertThat(anonymous.get("/openapi.json").status()).isEqualTo(200);
  }
}
