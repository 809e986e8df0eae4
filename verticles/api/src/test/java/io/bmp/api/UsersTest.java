package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class UsersTest extends ApiTestBase {

  @Test
  void aNewUserGetsItsDefaultProject() {
    ApiClient.Response created = owner.post("/v1/users", new JsonObject().put("username", "dora")
        .put("password", "Str0ng-pass").put("role", "Operator").put("language", "zh-CN").put("timezone", "Asia/Shanghai"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("defaultProjectId")).startsWith("project-");
    assertThat(created.json().getString("timezone")).isEqualTo("Asia/Shanghai");
    ApiClient.Response again = owner.post("/v1/users", new JsonObject().put("username", "dora")
        .put("password", "Str0ng-pass").put("role", "User"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void onlyTheOwnerManagesUsers() {
    assertThat(newUser("Operator").get("/v1/users").status()).isEqualTo(403);
    assertThat(newUser("User").post("/v1/users", new JsonObject().put("username", "x1")
        .put("password", "Str0ng-pass").put("role", "Owner")).status()).isEqualTo(403);
  }

  @Test
  void updatesNeedTheCurrentVersion() {
    ApiClient user = newUser("User");
    JsonObject me = user.get("/v1/profile").json();
    String path = "/v1/users/" + me.getString("id");
    ApiClient.Response first = owner.patch(path, new JsonObject().put("version", me.getInteger("version")).put("role", "Operator"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("role")).isEqualTo("Operator");
    ApiClient.Response stale = owner.patch(path, new JsonObject().put("version", me.getInteger("version")).put("role", "User"));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.errorCode()).isEqualTo("VERSION_CONFLICT");
  }

  @Test
  void deletingAUserEndsItsAccessAndFreesTheName() {
    ApiClient user = newUser("User");
    ApiClient key = keyOf(user, false);
    JsonObject me = user.get("/v1/profile").json();
    assertThat(owner.delete("/v1/users/" + me.getString("id")).status()).isEqualTo(204);
    assertThat(user.get("/v1/profile").status()).isEqualTo(401);
    assertThat(key.get("/v1/profile").status()).isEqualTo(401);
    assertThat(owner.get("/v1/users/" + me.getString("id")).status()).isEqualTo(404);
    assertThat(owner.post("/v1/users", new JsonObject().put("username", me.getString("username"))
        .put("password", "Str0ng-pass").put("role", "User")).status()).isEqualTo(201);
  }

  @Test
  void theOwnerCannotDeleteItself() {
    String id = owner.get("/v1/profile").json().getString("id");
    ApiClient.Response refused = owner.delete("/v1/users/" + id);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
  }

  @Test
  void theOwnerCannotDemoteItself() {
    JsonObject me = owner.get("/v1/profile").json();
    ApiClient.Response refused = owner.patch("/v1/users/" + me.getString("id"),
        new JsonObject().put("version", me.getInteger("version")).put("role", "User"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
    assertThat(owner.get("/v1/users").status()).as("still the Owner").isEqualTo(200);
    assertThat(owner.patch("/v1/users/" + me.getString("id"), new JsonObject().put("version", me.getInteger("version"))
        .put("role", "Owner").put("description", "still me")).status()).as("naming its own role is no change").isEqualTo(200);
  }

  @Test
  void listsArePagedFilteredAndSorted() {
    for (int i = 0; i < 3; i++) {
      owner.post("/v1/users", new JsonObject().put("username", "zed-" + i).put("password", "Str0ng-pass").put("role", "User"));
    }
    JsonObject page = owner.get("/v1/users?username=zed-&pageSize=2&sort=-username").json();
    assertThat(page.getLong("totalCount")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("username")).isEqualTo("zed-2");
    assertThat(owner.get("/v1/users?sort=passwordHash").status()).isEqualTo(400);
  }

  @Test
  void rolesAreListedInTheCallersLanguage() {
    JsonObject roles = newUser("User").acceptLanguage("zh-CN").get("/v1/roles").json();
    assertThat(roles.getJsonArray("items")).hasSize(3);
    assertThat(roles.getJsonArray("items").getJsonObject(0).getString("nameZh")).isEqualTo("平台拥有者");
  }
}
