package io.bmp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Verifies sessions, CSRF, API keys, read-only keys, login limits and the first Owner. */
class AuthenticationTest extends ApiTestBase {

  @Test
  void theFirstOwnerWasCreatedWithTheConfiguredPassword() {
    assertThat(owner.get("/v1/profile").json().getString("role")).isEqualTo("Owner");
    // Configured, so no password file is written.
    assertThat(Files.exists(tempDir.resolve("admin-password"))).isFalse();
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
    ApiClient.Response response = anonymous.post("/v1/login",
        new JsonObject().put("username", "admin").put("password", ADMIN_PASSWORD));
    String cookie = response.headers().getAll("Set-Cookie").get(0);
    assertThat(cookie).startsWith("bmp_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    assertThat(response.json().getString("csrfToken")).isNotBlank();
    assertThat(response.json().getJsonObject("user").containsKey("passwordHash")).isFalse();
    assertThat(response.text()).doesNotContain("$2a$");
  }

  @Test
  void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
    ApiClient.Response wrongPassword = anonymous.post("/v1/login",
        new JsonObject().put("username", "admin").put("password", "nope"));
    ApiClient.Response wrongUser = anonymous.post("/v1/login",
        new JsonObject().put("username", "nobody-at-all").put("password", "nope"));
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongUser.status()).isEqualTo(401);
    assertThat(wrongPassword.errorMessage()).isEqualTo(wrongUser.errorMessage());
  }

  @Test
  void repeatedFailuresAreRateLimitedPerUser() {
    ApiClient user = newUser("User");
    String name = user.get("/v1/profile").json().getString("username");
    for (int i = 0; i < 5; i++) {
      assertThat(anonymous.post("/v1/login", new JsonObject().put("username", name).put("password", "bad")).status())
          .isEqualTo(401);
    }
    ApiClient.Response limited = anonymous.post("/v1/login", new JsonObject().put("username", name).put("password", "bad"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(limited.headers().get("Retry-After")).isNotBlank();
  }

  @Test
  void failuresSentAtOnceCannotAllSlipUnderTheLimit() throws Exception {
    String name = "racer-" + System.nanoTime();
    String password = "Racer-Pass-1";
    assertThat(owner.post("/v1/users", new JsonObject().put("username", name).put("password", password).put("role", "User"))
        .status()).isEqualTo(201);
    ExecutorService senders = Executors.newFixedThreadPool(12);
    try {
      List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        sent.add(senders.submit(() -> anonymous.post("/v1/login",
            new JsonObject().put("username", name).put("password", "bad")).status()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (java.util.concurrent.Future<Integer> status : sent) {
        statuses.add(status.get(60, TimeUnit.SECONDS));
      }
      // Each attempt is counted before its password is checked: exactly five reach the check.
      assertThat(statuses).as(statuses.toString()).containsOnly(401, 429);
      assertThat(statuses.stream().filter(s -> s == 401)).hasSize(5);
    } finally {
      senders.shutdownNow();
    }
    assertThat(anonymous.post("/v1/login", new JsonObject().put("username", name).put("password", password))
        .status()).as("even the right password waits for the window").isEqualTo(429);
  }

  @Test
  void aSessionMustSendItsCsrfTokenToChangeAnything() {
    ApiClient session = newUser("User");
    assertThat(session.withoutCsrf().get("/v1/profile").status()).isEqualTo(200);
    ApiClient.Response refused = session.withoutCsrf().patch("/v1/profile", new JsonObject().put("language", "zh-CN"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(session.patch("/v1/profile", new JsonObject().put("language", "zh-CN")).status()).isEqualTo(200);
  }

  @Test
  void logoutEndsTheSession() {
    ApiClient session = newUser("User");
    assertThat(session.post("/v1/logout", null).status()).isEqualTo(204);
    ApiClient.Response after = session.get("/v1/profile");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionsButKeepsTheCurrentOne() {
    ApiClient first = newUser("User");
    String name = first.get("/v1/profile").json().getString("username");
    String password = "Changed-pass-1";
    // A second session of the same user: log in again through a password reset by the owner.
    assertThat(owner.put("/v1/users/" + first.get("/v1/profile").json().getString("id") + "/password",
        new JsonObject().put("password", "Reset-pass-1")).status()).isEqualTo(204);
    assertThat(first.get("/v1/profile").status()).as("the reset ended the old session").isEqualTo(401);
    ApiClient a = login(name, "Reset-pass-1");
    ApiClient b = login(name, "Reset-pass-1");
    ApiClient.Response changed = a.put("/v1/profile/password",
        new JsonObject().put("oldPassword", "Reset-pass-1").put("newPassword", password));
    assertThat(changed.status()).isEqualTo(204);
    assertThat(b.get("/v1/profile").status()).isEqualTo(401);
    ApiClient.Response wrongOld = login(name, password).put("/v1/profile/password",
        new JsonObject().put("oldPassword", "not-it").put("newPassword", "Another-pass-2"));
    assertThat(wrongOld.status()).isEqualTo(400);
    assertThat(login(name, password).get("/v1/profile").status()).isEqualTo(200);
  }

  @Test
  void anApiKeyIsShownOnceAndWorksAsBearer() {
    ApiClient.Response created = owner.post("/v1/api-keys", new JsonObject().put("name", "deploy-bot"));
    String key = created.json().getString("key");
    assertThat(key).startsWith("bmp_").hasSizeGreaterThan(40);
    ApiClient.Response list = owner.get("/v1/api-keys");
    assertThat(list.text()).doesNotContain(key).contains(key.substring(0, 10));
    assertThat(anonymous.withKey(key).get("/v1/profile").json().getString("username")).isEqualTo("admin");
    // Deleted, it stops working at once.
    assertThat(owner.delete("/v1/api-keys/" + created.json().getString("id")).status()).isEqualTo(204);
    ApiClient.Response after = anonymous.withKey(key).get("/v1/profile");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void aReadOnlyKeyMayReadButNotChange() {
    ApiClient readOnly = keyOf(owner, true);
    assertThat(readOnly.get("/v1/users").status()).isEqualTo(200);
    ApiClient.Response refused = readOnly.post("/v1/api-keys", new JsonObject().put("name", "sneaky"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void aBogusBearerIsRefusedEvenOnPublicOperations() {
    assertThat(anonymous.withKey("bmp_not-a-real-key").get("/v1/roles").status()).isEqualTo(401);
    assertThat(anonymous.get("/v1/roles").status()).isEqualTo(401);
  }

  @Test
  void anotherUsersApiKeyIsNotFound() {
    ApiClient alice = newUser("User");
    String aliceKeyId = alice.post("/v1/api-keys", new JsonObject().put("name", "mine")).json().getString("id");
    ApiClient bob = newUser("User");
    assertThat(bob.delete("/v1/api-keys/" + aliceKeyId).status()).isEqualTo(404);
    assertThat(owner.delete("/v1/api-keys/" + aliceKeyId).status()).as("even for an owner: keys are personal")
        .isEqualTo(404);
  }

  @Test
  void sshKeysAreCheckedAndFingerprinted() {
    ApiClient user = newUser("User");
    // An Ed25519 key (public test vector, no private part anywhere).
    String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@bmp";
    ApiClient.Response created = user.post("/v1/ssh-keys", new JsonObject().put("name", "laptop").put("publicKey", key));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("fingerprint")).startsWith("SHA256:").hasSize(50);
    ApiClient.Response garbage = user.post("/v1/ssh-keys",
        new JsonObject().put("name", "bad").put("publicKey", "ssh-ed25519 bm90IGEga2V5IGF0IGFsbA== x"));
    assertThat(garbage.status()).isEqualTo(400);
    ApiClient.Response duplicate = user.post("/v1/ssh-keys", new JsonObject().put("name", "laptop").put("publicKey", key));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.errorCode()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void aGeneratedAdminPasswordIsWrittenForTheOwnerOnly() throws Exception {
    // The fixture configures the password; the generated path is covered by the launcher's README run.
    // Here: the password file mode used when generating is owner-only (SecretBox.restrict).
    var file = tempDir.resolve("probe");
    Files.writeString(file, "x");
    io.bmp.core.crypto.SecretBox.restrict(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
