package io.bmp.core.repo;

import io.bmp.core.domain.Role;
import io.bmp.core.domain.User;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Page;
import io.bmp.core.storage.PageRequest;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Sort;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users, with their role. */
public final class UserRepository extends Repository {

  private static final String COLUMNS = "id, username, role_id, email, phone_prefix, phone, language, timezone, "
      + "password_hash, default_project_id, description, last_login_at, created_at, updated_at, version";
  private static final Map<String, String> SORTABLE = Map.of(
      "username", "username", "createdAt", "created_at", "lastLoginAt", "last_login_at");

  public UserRepository(Database database) {
    super(database, Map.of(
        "uk_users_username", "a user with this name already exists",
        "fk_users_role", "unknown role",
        "fk_users_default_project", "the default project does not exist",
        "fk_projects_owner", "the user still owns projects"));
  }

  public Future<User> create(SqlClient client, User user) {
    var now = Rows.now();
    return update(client,
        "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0)",
        Tuple.from(new Object[] {user.id(), user.username(), user.role().id(), user.email(), user.phonePrefix(),
            user.phone(), user.language(), user.timezone(), user.passwordHash(), user.defaultProjectId(),
            user.description(), now, now}))
        .compose(n -> one(client, "SELECT " + COLUMNS + " FROM users WHERE id = ?", Tuple.of(user.id()), UserRepository::map))
        .map(Optional::orElseThrow);
  }

  public Future<Optional<User>> find(String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM users WHERE id = ? AND alive = 1", Tuple.of(id), UserRepository::map);
  }

  public Future<User> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  public Future<Optional<User>> findByUsername(String username) {
    return one(pool(), "SELECT " + COLUMNS + " FROM users WHERE username = ? AND alive = 1", Tuple.of(username),
        UserRepository::map);
  }

  public Future<Long> countAll() {
    return count(pool(), "SELECT COUNT(*) FROM users WHERE alive = 1", Tuple.tuple());
  }

  public Future<Page<User>> page(String usernameContains, Role role, PageRequest page, String sort) {
    Where where = new Where("alive = 1").contains("username", usernameContains).eq("role_id", role == null ? null : role.id());
    Future<Long> total = listTotal("SELECT COUNT(*) FROM users" + where.sql(), where.args());
    Future<List<User>> items = list(pool(), "SELECT " + COLUMNS + " FROM users" + where.sql()
        + Sort.orderBy(sort, SORTABLE, "username") + " LIMIT ? OFFSET ?", where.argsWithPage(page), UserRepository::map);
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result(), page.pageNumber(), page.pageSize()));
  }

  /** Replaces the editable profile fields if the caller saw the current version. */
  public Future<User> update(User user) {
    return update(pool(),
        "UPDATE users SET role_id = ?, email = ?, phone_prefix = ?, phone = ?, language = ?, timezone = ?, "
            + "default_project_id = ?, description = ?, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND version = ? AND alive = 1",
        Tuple.from(new Object[] {user.role().id(), user.email(), user.phonePrefix(), user.phone(), user.language(),
            user.timezone(), user.defaultProjectId(), user.description(), Rows.now(), user.id(), user.version()}))
        .compose(changed -> changed == 1 ? get(user.id()) : conflictOrMissing(user.id()));
  }

  public Future<Void> setPasswordHash(String id, String hash) {
    return update(pool(), "UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
        Tuple.of(hash, Rows.now(), id))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  public Future<Void> touchLogin(String id) {
    return update(pool(), "UPDATE users SET last_login_at = ? WHERE id = ?", Tuple.of(Rows.now(), id)).mapEmpty();
  }

  /** Soft-deletes the user; its name may be used again. */
  public Future<Void> delete(String id) {
    return update(pool(), "UPDATE users SET alive = NULL, deleted_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
        Tuple.of(Rows.now(), id))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)));
  }

  private <T> Future<T> conflictOrMissing(String id) {
    return find(id).compose(found -> Future.failedFuture(found.isPresent()
        ? BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict",
            "user " + id + " was changed by someone else; reload and retry", "user", id)
        : notFound(id)));
  }

  private static BmpException notFound(String id) {
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "user " + id + " not found", "user", id);
  }

  static User map(Row row) {
    return new User(row.getString("id"), row.getString("username"),
        Role.byId(row.getString("role_id")).orElse(Role.USER), row.getString("email"), row.getString("phone_prefix"),
        row.getString("phone"), row.getString("language"), row.getString("timezone"), row.getString("password_hash"),
        row.getString("default_project_id"), row.getString("description"), Rows.instant(row, "last_login_at"),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"), Rows.integer(row, "version"));
  }
}
