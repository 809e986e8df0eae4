package io.bmp.core.repo;

import io.bmp.core.crypto.Tokens;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The agents' credentials (see V4__agent_tokens.sql). Every check is one conditional UPDATE, so a
 * token used twice at the same moment still admits exactly one caller.
 */
public final class AgentTokenRepository extends Repository {

  public static final String LIVEOS = "liveos";
  public static final String GUEST = "guest";

  private static final String ISSUED = "issued";
  private static final String CHECKED_IN = "checked_in";
  private static final String REVOKED = "revoked";

  /** Who a token or session belongs to. */
  public record Holder(String device, String taskId, String instanceId) {}

  public AgentTokenRepository(Database database) {
    super(database, Map.of("fk_agent_tokens_device", "the device does not exist"));
  }

  /**
   * Issues a new token of {@code kind} for the device and revokes the device's earlier ones of that
   * kind (a re-issued boot makes the old boot config worthless). Returns the clear token.
   */
  public Future<String> issue(String kind, String deviceId, String taskId, String instanceId, Duration ttl) {
    String token = Tokens.next(kind.equals(LIVEOS) ? "lo_" : "gu_");
    var now = Rows.now();
    return database.inTransactionRetrying(tx -> revoke(tx, deviceId, kind)
        .compose(v -> update(tx, "INSERT INTO agent_tokens (id, kind, device_id, task_id, instance_id, token_hash, state, "
                + "checkins, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            Tuple.from(new Object[] {Ids.next("atk"), kind, deviceId, taskId, instanceId, Tokens.sha256(token), ISSUED, now,
                Rows.utc(Instant.now().plus(ttl))}))), 3)
        .map(n -> token);
  }

  /**
   * The LiveOS check-in: trades an issued, unexpired boot token for a session token, once. Empty
   * when the token is unknown, expired, revoked or already used (a replay).
   */
  public Future<Optional<Map.Entry<Holder, String>>> checkIn(String token) {
    String session = Tokens.next("as_");
    var now = Rows.now();
    String hash = Tokens.sha256(token);
    return update(pool(), "UPDATE agent_tokens SET state = ?, session_hash = ?, checked_in_at = ?, checkins = checkins + 1 "
            + "WHERE token_hash = ? AND kind = ? AND state = ? AND expires_at > ?",
        Tuple.of(CHECKED_IN, Tokens.sha256(session), now, hash, LIVEOS, ISSUED, now))
        .compose(changed -> changed == 0 ? Future.succeededFuture(Optional.empty())
            : holderBy("token_hash", hash).map(h -> h.map(holder -> Map.entry(holder, session))));
  }

  /** The holder of a live LiveOS session, or empty (unknown, or revoked since). */
  public Future<Optional<Holder>> session(String sessionToken) {
    return one(pool(), "SELECT device_id, task_id, instance_id FROM agent_tokens WHERE session_hash = ? AND state = ? "
            + "AND expires_at > ?", Tuple.of(Tokens.sha256(sessionToken), CHECKED_IN, Rows.now()), AgentTokenRepository::holder);
  }

  /** A boot of the installed OS: counts the check-in; empty when the token is unknown, revoked or expired. */
  public Future<Optional<Holder>> guestCheckIn(String token) {
    var now = Rows.now();
    String hash = Tokens.sha256(token);
    return update(pool(), "UPDATE agent_tokens SET checked_in_at = ?, checkins = checkins + 1 "
            + "WHERE token_hash = ? AND kind = ? AND state <> ? AND expires_at > ?", Tuple.of(now, hash, GUEST, REVOKED, now))
        .compose(changed -> changed == 0 ? Future.succeededFuture(Optional.empty()) : holderBy("token_hash", hash));
  }

  /** Whether the agent booted for {@code taskId} has checked in. */
  public Future<Boolean> checkedIn(String taskId) {
    return count(pool(), "SELECT COUNT(*) FROM agent_tokens WHERE task_id = ? AND kind = ? AND state = ?",
        Tuple.of(taskId, LIVEOS, CHECKED_IN)).map(n -> n > 0);
  }

  /** Whether the instance's installed OS has checked in at or after {@code since}. */
  public Future<Boolean> guestCheckedInSince(String deviceId, String instanceId, Instant since) {
    return count(pool(), "SELECT COUNT(*) FROM agent_tokens WHERE device_id = ? AND instance_id = ? AND kind = ? "
            + "AND state <> ? AND checked_in_at >= ?", Tuple.of(deviceId, instanceId, GUEST, REVOKED, Rows.utc(since)))
        .map(n -> n > 0);
  }

  /** Revokes every token of {@code kind} of the device (a finished task closes its LiveOS session). */
  public Future<Void> revoke(String deviceId, String kind) {
    return revoke(pool(), deviceId, kind);
  }

  /**
   * Finds the tokens with a plain read, then revokes them by primary key. An UPDATE searching the
   * (device_id, kind, state) index takes InnoDB's next-key locks (REPEATABLE READ), which cover
   * the gap to the neighbouring device's rows: two devices whose tokens sit side by side in the
   * index, each revoking then inserting in {@link #issue}, deadlocked (200 installs on MariaDB made
   * one in ten fail its first dhcp.reserve). By primary key only those rows are locked. A device has
   * one task at a time, so nothing issues a token for it between the read and the update.
   */
  private Future<Void> revoke(SqlClient client, String deviceId, String kind) {
    return list(client, "SELECT id FROM agent_tokens WHERE device_id = ? AND kind = ? AND state <> ?",
            Tuple.of(deviceId, kind, REVOKED), row -> row.getString("id"))
        .compose(ids -> {
          if (ids.isEmpty()) {
            return Future.succeededFuture();
          }
          Tuple args = Tuple.of(REVOKED);
          ids.forEach(args::addString);
          return update(client, "UPDATE agent_tokens SET state = ? WHERE id IN (" + Where.placeholders(ids.size()) + ")",
              args).mapEmpty();
        });
  }

  private Future<Optional<Holder>> holderBy(String column, String hash) {
    return one(pool(), "SELECT device_id, task_id, instance_id FROM agent_tokens WHERE " + column + " = ?",
        Tuple.of(hash), AgentTokenRepository::holder);
  }

  private static Holder holder(io.vertx.sqlclient.Row row) {
    return new Holder(row.getString("device_id"), row.getString("task_id"), row.getString("instance_id"));
  }
}
