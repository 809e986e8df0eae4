package io.bmp.core.repo;

import io.bmp.core.domain.ApiKey;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Personal API keys, stored as hashes. */
public final class ApiKeyRepository extends Repository {

  private static final String COLUMNS = "id, user_id, name, key_hash, key_prefix, read_only, last_used_at, created_at";

  public ApiKeyRepository(Database database) {
    super(database, Map.of("uk_api_keys_name", "you already have an API key with this name"));
  }

  /** Stores a key unless its owner already has {@code limit} keys (checked in the same transaction). */
  public Future<ApiKey> create(ApiKey key, int limit) {
    return database.inTransaction(tx -> lockUser(tx, key.userId())
        .compose(v -> count(tx, "SELECT COUNT(*) FROM api_keys WHERE user_id = ? AND alive = 1", Tuple.of(key.userId())))
        .compose(n -> n >= limit
            ? Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.apiKeyLimit",
                "you already have " + n + " API keys, the most allowed; delete one first", limit))
            : update(tx, "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                Tuple.from(new Object[] {key.id(), key.userId(), key.name(), key.keyHash(), key.keyPrefix(),
                    key.readOnly(), Rows.now()}))))
        .compose(n -> findOwned(key.userId(), key.id()))
        .map(Optional::orElseThrow);
  }

  /** The live key with this hash (the lookup of every API request). */
  public Future<Optional<ApiKey>> findByHash(String hash) {
    return one(pool(), "SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? AND alive = 1", Tuple.of(hash),
        ApiKeyRepository::map);
  }

  public Future<Optional<ApiKey>> findOwned(String userId, String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM api_keys WHERE id = ? AND user_id = ? AND alive = 1",
        Tuple.of(id, userId), ApiKeyRepository::map);
  }

  public Future<List<ApiKey>> listOwned(String userId) {
    return list(pool(), "SELECT " + COLUMNS + " FROM api_keys WHERE user_id = ? AND alive = 1 ORDER BY created_at, id",
        Tuple.of(userId), ApiKeyRepository::map);
  }

  public Future<Void> rename(String userId, String id, String name, Boolean readOnly) {
    return update(pool(), "UPDATE api_keys SET name = COALESCE(?, name), read_only = COALESCE(?, read_only) "
            + "WHERE id = ? AND user_id = ? AND alive = 1", Tuple.of(name, readOnly, id, userId))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  public Future<Void> delete(String userId, String id) {
    return update(pool(), "UPDATE api_keys SET alive = NULL, deleted_at = ? WHERE id = ? AND user_id = ? AND alive = 1",
        Tuple.of(Rows.now(), id, userId))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  /** Deletes every key of a user (when the user is deleted). */
  public Future<Void> deleteAllOf(String userId) {
    return update(pool(), "UPDATE api_keys SET alive = NULL, deleted_at = ? WHERE user_id = ? AND alive = 1",
        Tuple.of(Rows.now(), userId)).mapEmpty();
  }

  public Future<Void> touch(String id) {
    return update(pool(), "UPDATE api_keys SET last_used_at = ? WHERE id = ?", Tuple.of(Rows.now(), id)).mapEmpty();
  }

  private static BmpException notFound(String id) {
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "API key " + id + " not found", "API key", id);
  }

  private static ApiKey map(Row row) {
    return new ApiKey(row.getString("id"), row.getString("user_id"), row.getString("name"), row.getString("key_hash"),
        row.getString("key_prefix"), Rows.bool(row, "read_only"), Rows.instant(row, "last_used_at"),
        Rows.instant(row, "created_at"));
  }
}
