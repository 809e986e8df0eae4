package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Verifies the error body: stable codes, field paths, the caller's language, the request id. */
class ErrorsTest extends ApiTestBase {

  @Test
  void everyErrorCarriesTheRequestIdOfItsHeader() {
    ApiClient.Response response = owner.get("/v1/users/user-nope");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getString("requestId")).isEqualTo(response.headers().get("X-Request-Id")).isNotBlank();
  }

  @Test
  void badInputNamesTheField() {
    ApiClient.Response tooShort = owner.post("/v1/users",
        new JsonObject().put("username", "carol").put("password", "x").put("role", "User"));
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(tooShort.json().getJsonObject("error").getString("field")).isEqualTo("/password");

    ApiClient.Response unknownField = owner.post("/v1/users",
        new JsonObject().put("username", "carol").put("password", "Str0ng-pass").put("role", "User").put("admin", true));
    assertThat(unknownField.json().getJsonObject("error").getString("field")).isEqualTo("/admin");

    ApiClient.Response badEnum = owner.post("/v1/users",
        new JsonObject().put("username", "carol").put("password", "Str0ng-pass").put("role", "Emperor"));
    assertThat(badEnum.json().getJsonObject("error").getString("field")).isEqualTo("/role");

    ApiClient.Response missing = owner.post("/v1/users", new JsonObject().put("username", "carol").put("role", "User"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonObject("error").getString("field")).as(missing.toString()).isEqualTo("/password");
    assertThat(missing.errorMessage()).contains("password");

    ApiClient.Response missingDeep = owner.post("/v1/devices", new JsonObject().put("roomId", "r-x")
        .put("devices", new io.vertx.core.json.JsonArray().add(new JsonObject().put("sn", "SN-1").put("bmcAddress", "10.0.0.1"))));
    assertThat(missingDeep.status()).isEqualTo(400);
    assertThat(missingDeep.json().getJsonObject("error").getString("field")).as(missingDeep.toString())
        .isEqualTo("/devices/0/interfaces");

    ApiClient.Response badQuery = owner.get("/v1/users?pageSize=0");
    assertThat(badQuery.status()).isEqualTo(400);
    assertThat(badQuery.json().getJsonObject("error").getString("field")).isEqualTo("pageSize");

    // A misspelt filter is refused, not dropped (which would answer the whole unfiltered list).
    ApiClient.Response misspelt = owner.get("/v1/devices?status=ready&pageSize=5");
    assertThat(misspelt.status()).isEqualTo(400);
    assertThat(misspelt.errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(misspelt.json().getJsonObject("error").getString("field")).isEqualTo("status");
    assertThat(misspelt.errorMessage()).isEqualTo("Unknown query parameter status");
    assertThat(owner.acceptLanguage("zh-CN").get("/v1/devices?pagesize=5").status()).isEqualTo(400);
    assertThat(anonymous.acceptLanguage("zh-CN").get("/v1/roles?x=1").errorMessage()).isEqualTo("未知的查询参数 x");
    assertThat(owner.get("/v1/devices?state=ready&pageSize=5").status()).as("declared ones pass").isEqualTo(200);
  }

  @Test
  void malformedBodiesAre4xxNeverA500() {
    assertThat(owner.send(HttpMethod.POST, "/v1/users", "{\"username\": ").errorCode()).isEqualTo("MALFORMED_REQUEST");
    assertThat(owner.send(HttpMethod.POST, "/v1/users", "[1, 2]").status()).isEqualTo(400);
    assertThat(owner.send(HttpMethod.POST, "/v1/users", "\"text\"").status()).isEqualTo(400);
    assertThat(owner.send(HttpMethod.POST, "/v1/users", "{\"username\": " + "9".repeat(400) + "}").status()).isEqualTo(400);
    ApiClient.Response huge = owner.send(HttpMethod.POST, "/v1/users",
        "{\"username\": \"" + "a".repeat(2 << 20) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void messagesAreInTheUsersLanguageAndAnonymousOnesFollowAcceptLanguage() {
    ApiClient user = newUser("User");
    // A user's language setting (en-US unless changed) decides, whatever the header says.
    ApiClient.Response english = user.acceptLanguage("zh-CN,zh;q=0.9").get("/v1/ssh-keys/sshkey-nope");
    assertThat(english.errorMessage()).isEqualTo("SSH key sshkey-nope not found");
    assertThat(user.patch("/v1/profile", new JsonObject().put("language", "zh-CN")).status()).isEqualTo(200);
    ApiClient.Response chinese = user.acceptLanguage("en-US").get("/v1/ssh-keys/sshkey-nope");
    assertThat(chinese.errorMessage()).isEqualTo("SSH 密钥 sshkey-nope 不存在");
    assertThat(chinese.errorCode()).isEqualTo("NOT_FOUND");
    // The contract's refusals too: the field, then the reason in Chinese with the library's limit.
    ApiClient.Response tooLong = user.post("/v1/projects", new JsonObject().put("name", "p".repeat(300)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.errorMessage()).startsWith("字段 /name：").contains("长度不能超过").doesNotContain("String");
    ApiClient.Response wrongType = user.post("/v1/projects", new JsonObject().put("name", 5));
    assertThat(wrongType.errorMessage()).isEqualTo("字段 /name：类型不对");
    ApiClient.Response noRoom = user.get("/v1/rooms/idc-nope");
    assertThat(noRoom.errorMessage()).isEqualTo("机房 idc-nope 不存在");
    // Anonymous callers get the header's language.
    assertThat(anonymous.acceptLanguage("zh-CN").get("/v1/profile").errorMessage()).startsWith("请登录");
    assertThat(anonymous.get("/v1/profile").errorMessage()).startsWith("Log in");
  }

  @Test
  void unknownPathsAndMethodsHaveTheirOwnCodes() {
    assertThat(owner.get("/v1/nothing-here").errorCode()).isEqualTo("NOT_FOUND");
    ApiClient.Response method = owner.delete("/v1/users");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void theDocumentAndItsReferenceAreServed() {
    ApiClient.Response document = anonymous.get("/openapi.json");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.json().getString("openapi")).startsWith("3.1");
    assertThat(document.json().getJsonObject("paths").containsKey("/v1/login")).isTrue();
    ApiClient.Response docs = anonymous.get("/docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.text()).contains("<h3><code>POST /v1/login</code>");
  }
}
