package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.CallerCache;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.crypto.Tokens;
import io.bmp.core.domain.ApiKey;
import io.bmp.core.domain.SshKey;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/** The caller's API keys and SSH keys: always the caller's own, so another user's key is a 404. */
public final class KeyHandlers {

  public static final int API_KEYS_PER_USER = 10;
  public static final int SSH_KEYS_PER_USER = 20;
  private static final Set<String> SSH_KEY_TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
      "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

  private final ApiContext api;

  public KeyHandlers(ApiContext api) {
    this.api = api;
  }

  public void register(OperationTable table) {
    table.on("listApiKeys", this::listApiKeys).on("createApiKey", this::createApiKey)
        .on("updateApiKey", this::updateApiKey).on("deleteApiKey", this::deleteApiKey)
        .on("listSshKeys", this::listSshKeys).on("createSshKey", this::createSshKey).on("getSshKey", this::getSshKey)
        .on("renameSshKey", this::renameSshKey).on("deleteSshKey", this::deleteSshKey);
  }

  private Future<Reply> listApiKeys(Call call) {
    return api.apiKeys.listOwned(call.caller().userId()).map(keys -> Reply.ok(Views.items(keys, Views::apiKey)));
  }

  private Future<Reply> createApiKey(Call call) {
    JsonObject b = call.body();
    String token = Tokens.next("bmp_");
    ApiKey key = new ApiKey(Ids.next("apikey"), call.caller().userId(), b.getString("name"), Tokens.sha256(token),
        token.substring(0, 10), b.getBoolean("readOnly", false), null, null);
    return api.apiKeys.create(key, API_KEYS_PER_USER)
        .map(created -> Reply.created(Views.apiKey(created).put("key", token), created.id()));
  }

  private Future<Reply> updateApiKey(Call call) {
    String userId = call.caller().userId();
    String id = call.path("id");
    JsonObject b = call.body();
    return api.apiKeys.rename(userId, id, b.getString("name"), b.getBoolean("readOnly"))
        .onSuccess(v -> CallerCache.changed(api.vertx, userId))
        .compose(v -> api.apiKeys.findOwned(userId, id))
        .map(k -> Reply.ok(Views.apiKey(k.orElseThrow())));
  }

  private Future<Reply> deleteApiKey(Call call) {
    return api.apiKeys.delete(call.caller().userId(), call.path("id"))
        .onSuccess(v -> CallerCache.changed(api.vertx, call.caller().userId()))
        .map(v -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> listSshKeys(Call call) {
    return api.sshKeys.listOwned(call.caller().userId()).map(keys -> Reply.ok(Views.items(keys, Views::sshKey)));
  }

  private Future<Reply> createSshKey(Call call) {
    JsonObject b = call.body();
    String publicKey = b.getString("publicKey").trim();
    SshKey key = new SshKey(Ids.next("sshkey"), call.caller().userId(), b.getString("name"), publicKey,
        fingerprint(publicKey), null);
    return api.sshKeys.create(key, SSH_KEYS_PER_USER).map(created -> Reply.created(Views.sshKey(created), created.id()));
  }

  private Future<Reply> getSshKey(Call call) {
    return ownedSshKey(call).map(k -> Reply.ok(Views.sshKey(k)));
  }

  private Future<Reply> renameSshKey(Call call) {
    String userId = call.caller().userId();
    return api.sshKeys.rename(userId, call.path("id"), call.body().getString("name"))
        .compose(v -> ownedSshKey(call)).map(k -> Reply.ok(Views.sshKey(k)));
  }

  private Future<Reply> deleteSshKey(Call call) {
    return api.sshKeys.delete(call.caller().userId(), call.path("id")).map(v -> Reply.noContent(call.path("id")));
  }

  private Future<SshKey> ownedSshKey(Call call) {
    String id = call.path("id");
    return api.sshKeys.findOwned(call.caller().userId(), id).map(k -> k.orElseThrow(() -> BmpException.localized(
        ErrorCode.NOT_FOUND, "error.notFound", "SSH key " + id + " not found", "noun.sshKey", id)));
  }

  /**
   * Checks an OpenSSH public key line ({@code type base64 [comment]}) and returns its SHA256
   * fingerprint as {@code ssh-keygen -l} prints it.
   */
  static String fingerprint(String line) {
    String[] parts = line.split("\\s+", 3);
    if (parts.length < 2 || !SSH_KEY_TYPES.contains(parts[0]) || line.contains("\n")) {
      throw invalidKey("expected '<type> <base64> [comment]' with a known key type");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalidKey("the key data is not base64");
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    if (blob.length < 4 || buffer.getInt() != parts[0].length() || blob.length < 4 + parts[0].length()
        || !new String(blob, 4, parts[0].length(), StandardCharsets.US_ASCII).equals(parts[0])) {
      throw invalidKey("the key data does not match its type " + parts[0]);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BmpException invalidKey(String reason) {
    return BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.sshKeyFormat", "not an OpenSSH public key: " + reason, reason);
  }
}
