package io.bmp.core.repo;

import io.bmp.core.domain.SshKey;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users' SSH public keys. */
public final class SshKeyRepository extends Repository {

  private static final String COLUMNS = "id, user_id, name, public_key, fingerprint, created_at";

  public SshKeyRepository(Database database) {
    super(database, Map.of("uk_ssh_keys_name", "you already have an SSH key with this name"));
  }

  public Future<SshKey> create(SshKey key, int limit) {
    var now = Rows.now();
    return database.inTransaction(tx -> lockUser(tx, key.userId())
        .compose(v -> count(tx, "SELECT COUNT(*) FROM ssh_keys WHERE user_id = ? AND alive = 1", Tuple.of(key.userId())))
        .compose(n -> n >= limit
            ? Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.sshKeyLimit",
                "you already have " + n + " SSH keys, the most allowed; delete one first", limit))
            : update(tx, "INSERT INTO ssh_keys (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Tuple.from(new Object[] {key.id(), key.userId(), key.name(), key.publicKey(), key.fingerprint(), now, now}))))
        .compose(n -> findOwned(key.userId(), key.id()))
        .map(Optional::orElseThrow);
  }

  public Future<Optional<SshKey>> findOwned(String userId, String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM ssh_keys WHERE id = ? AND user_id = ? AND alive = 1",
        Tuple.of(id, userId), SshKeyRepository::map);
  }

  public Future<List<SshKey>> listOwned(String userId) {
    return list(pool(), "SELECT " + COLUMNS + " FROM ssh_keys WHERE user_id = ? AND alive = 1 ORDER BY created_at, id",
        Tuple.of(userId), SshKeyRepository::map);
  }

  /** The caller's keys with these ids; fails NOT_FOUND naming the first id that is not the caller's. */
  public Future<List<SshKey>> getOwned(String userId, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Object> args = new ArrayList<>(ids);
    args.add(userId);
    return list(pool(), "SELECT " + COLUMNS + " FROM ssh_keys WHERE id IN (" + Where.placeholders(ids.size())
        + ") AND user_id = ? AND alive = 1", Tuple.from(args), SshKeyRepository::map)
        .compose(found -> allOf(ids, found));
  }

  /**
   * The keys with these ids, deleted ones too, whoever owns them: what an install puts on a
   * machine, after the api checked them against the caller. Fails NOT_FOUND for an id never seen.
   */
  public Future<List<SshKey>> getForInstall(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return list(pool(), "SELECT " + COLUMNS + " FROM ssh_keys WHERE id IN (" + Where.placeholders(ids.size()) + ")",
        Tuple.from(new ArrayList<Object>(ids)), SshKeyRepository::map)
        .compose(found -> allOf(ids, found));
  }

  /** {@code found}, or NOT_FOUND naming the first of {@code ids} it lacks. */
  private static Future<List<SshKey>> allOf(List<String> ids, List<SshKey> found) {
    for (String id : ids) {
      if (found.stream().noneMatch(k -> k.id().equals(id))) {
        return Future.failedFuture(notFound(id));
      }
    }
    return Future.succeededFuture(found);
  }

  public Future<Void> rename(String userId, String id, String name) {
    return update(pool(), "UPDATE ssh_keys SET name = ?, updated_at = ? WHERE id = ? AND user_id = ? AND alive = 1",
        Tuple.of(name, Rows.now(), id, userId))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  public Future<Void> delete(String userId, String id) {
    return update(pool(), "UPDATE ssh_keys SET alive = NULL, deleted_at = ? WHERE id = ? AND user_id = ? AND alive = 1",
        Tuple.of(Rows.now(), id, userId))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  private static BmpException notFound(String id) {
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "SSH key " + id + " not found", "noun.sshKey", id);
  }

  private static SshKey map(Row row) {
    return new SshKey(row.getString("id"), row.getString("user_id"), row.getString("name"),
        row.getString("public_key"), row.getString("fingerprint"), Rows.instant(row, "created_at"));
  }
}
