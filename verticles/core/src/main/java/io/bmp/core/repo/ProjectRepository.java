package io.bmp.core.repo;

import io.bmp.core.domain.Project;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Projects and their shares. Every user has exactly one default project, created with the user;
 * a project holding live instances cannot be deleted.
 */
public final class ProjectRepository extends Repository {

  private static final String COLUMNS = "id, name, owner_id, is_default, description, created_at, updated_at, version";
  private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at");

  /** How far a user may act on a project. */
  public enum Access { NONE, READ, WRITE, OWNER;

    public boolean canRead() {
      return this != NONE;
    }

    public boolean canWrite() {
      return this == WRITE || this == OWNER;
    }
  }

  public ProjectRepository(Database database) {
    super(database, Map.of(
        "uk_projects_name", "you already have a project with this name",
        "fk_shares_user", "the user to share with does not exist",
        "fk_projects_owner", "the new owner does not exist"));
  }

  public Future<Project> create(SqlClient client, Project project) {
    var now = Rows.now();
    return update(client, "INSERT INTO projects (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        Tuple.from(new Object[] {project.id(), project.name(), project.ownerId(), project.isDefault(),
            project.description(), now, now}))
        .compose(n -> find(client, project.id()))
        .map(Optional::orElseThrow);
  }

  public Future<Project> create(Project project) {
    return create(pool(), project);
  }

  public Future<Optional<Project>> find(String id) {
    return find(pool(), id);
  }

  private Future<Optional<Project>> find(SqlClient client, String id) {
    return one(client, "SELECT " + COLUMNS + " FROM projects WHERE id = ? AND alive = 1", Tuple.of(id), row -> row)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.<Project>empty())
            : sharesOf(client, List.of(id)).map(shares -> Optional.of(map(row.get(), shares.getOrDefault(id, List.of())))));
  }

  /** What {@code userId} may do with the project (NONE also for a project that does not exist). */
  public Future<Access> access(String userId, String projectId) {
    return one(pool(),
        "SELECT p.owner_id, s.permission FROM projects p LEFT JOIN project_shares s ON s.project_id = p.id AND s.user_id = ? "
            + "WHERE p.id = ? AND p.alive = 1", Tuple.of(userId, projectId), row -> row)
        .map(row -> row.map(r -> userId.equals(r.getString("owner_id")) ? Access.OWNER
                : "write".equals(r.getString("permission")) ? Access.WRITE
                : "read".equals(r.getString("permission")) ? Access.READ : Access.NONE)
            .orElse(Access.NONE));
  }

  /** Projects the user owns or that are shared with it ({@code userId} null: every project). */
  public Future<Page<Project>> pageVisibleTo(String userId, String nameContains, PageRequest page, String sort) {
    Where where = new Where("alive = 1").contains("name", nameContains);
    if (userId != null) {
      where.and("(owner_id = ? OR id IN (SELECT project_id FROM project_shares WHERE user_id = ?))", userId, userId);
    }
    Future<Long> total = listTotal("SELECT COUNT(*) FROM projects" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(), "SELECT " + COLUMNS + " FROM projects" + where.sql()
        + Sort.orderBy(sort, SORTABLE, "created_at") + " LIMIT ? OFFSET ?", where.argsWithPage(page), row -> row);
    return Future.all(total, rows).compose(v -> {
      List<String> ids = rows.result().stream().map(r -> r.getString("id")).toList();
      return sharesOf(pool(), ids).map(shares -> new Page<>(
          rows.result().stream().map(r -> map(r, shares.getOrDefault(r.getString("id"), List.of()))).toList(),
          total.result(), page.pageNumber(), page.pageSize()));
    });
  }

  public Future<Project> rename(String id, int expectedVersion, String name, String description) {
    return update(pool(), "UPDATE projects SET name = COALESCE(?, name), description = COALESCE(?, description), "
            + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND alive = 1",
        Tuple.of(name, description, Rows.now(), id, expectedVersion))
        .compose(changed -> changed == 1 ? get(id) : conflictOrMissing(id));
  }

  /** Deletes an empty, non-default project. */
  public Future<Void> delete(String id) {
    return database.inTransaction(tx -> one(tx, "SELECT is_default FROM projects WHERE id = ? AND alive = 1 FOR UPDATE",
            Tuple.of(id), r -> Rows.bool(r, "is_default"))
        .compose(isDefault -> {
          if (isDefault.isEmpty()) {
            return Future.failedFuture(notFound(id));
          }
          if (isDefault.get()) {
            return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.projectDefault",
                "the default project cannot be deleted"));
          }
          return count(tx, "SELECT COUNT(*) FROM instances WHERE project_id = ? AND alive = 1", Tuple.of(id));
        })
        .compose(instances -> instances > 0
            ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.projectNotEmpty",
                "the project still has " + instances + " instances; move or delete them first", instances))
            : update(tx, "DELETE FROM project_shares WHERE project_id = ?", Tuple.of(id))
                .compose(n -> update(tx, "UPDATE projects SET alive = NULL, deleted_at = ?, version = version + 1 WHERE id = ?",
                    Tuple.of(Rows.now(), id))))
        .mapEmpty());
  }

  /** Shares with a user (or changes the permission of an existing share). */
  public Future<Project> share(String id, String userId, String permission) {
    return database.inTransaction(tx -> update(tx, "DELETE FROM project_shares WHERE project_id = ? AND user_id = ?",
            Tuple.of(id, userId))
        .compose(n -> update(tx, "INSERT INTO project_shares (project_id, user_id, permission, created_at) VALUES (?, ?, ?, ?)",
            Tuple.of(id, userId, permission, Rows.now()))))
        .compose(n -> get(id));
  }

  public Future<Project> unshare(String id, String userId) {
    return update(pool(), "DELETE FROM project_shares WHERE project_id = ? AND user_id = ?", Tuple.of(id, userId))
        .compose(n -> n == 1 ? get(id) : Future.failedFuture(BmpException.localized(ErrorCode.NOT_FOUND,
            "error.shareNotFound", "the project is not shared with user " + userId, userId)));
  }

  /** Hands the project to another user; the old owner keeps nothing, the new owner's share (if any) ends. */
  public Future<Project> transfer(String id, int expectedVersion, String newOwnerId) {
    return database.inTransaction(tx -> update(tx,
            "UPDATE projects SET owner_id = ?, is_default = FALSE, updated_at = ?, version = version + 1 "
                + "WHERE id = ? AND version = ? AND alive = 1 AND is_default = FALSE",
            Tuple.of(newOwnerId, Rows.now(), id, expectedVersion))
        .compose(changed -> changed == 1
            ? update(tx, "DELETE FROM project_shares WHERE project_id = ? AND user_id = ?", Tuple.of(id, newOwnerId))
            : find(tx, id).compose(found -> Future.failedFuture(found.isEmpty() ? notFound(id)
                : found.get().isDefault()
                    ? BmpException.localized(ErrorCode.INVALID_STATE, "error.projectDefaultTransfer",
                        "the default project cannot be transferred")
                    : versionConflict(id)))))
        .compose(n -> get(id));
  }

  public Future<Project> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  private Future<Map<String, List<Project.Share>>> sharesOf(SqlClient client, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return list(client, "SELECT s.project_id, s.user_id, u.username, s.permission FROM project_shares s "
        + "JOIN users u ON u.id = s.user_id WHERE s.project_id IN (" + Where.placeholders(ids.size()) + ") "
        + "ORDER BY s.created_at, s.user_id", Tuple.from(new ArrayList<Object>(ids)), r -> r)
        .map(rows -> {
          Map<String, List<Project.Share>> byProject = new HashMap<>();
          rows.forEach(r -> byProject.computeIfAbsent(r.getString("project_id"), k -> new ArrayList<>())
              .add(new Project.Share(r.getString("user_id"), r.getString("username"), r.getString("permission"))));
          return byProject;
        });
  }

  private <T> Future<T> conflictOrMissing(String id) {
    return find(id).compose(found -> Future.failedFuture(found.isPresent() ? versionConflict(id) : notFound(id)));
  }

  private static BmpException versionConflict(String id) {
    return BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict",
        "project " + id + " was changed by someone else; reload and retry", "project", id);
  }

  private static BmpException notFound(String id) {
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", "project " + id + " not found", "project", id);
  }

  private static Project map(Row row, List<Project.Share> shares) {
    return new Project(row.getString("id"), row.getString("name"), row.getString("owner_id"),
        Rows.bool(row, "is_default"), row.getString("description"), shares, Rows.instant(row, "created_at"),
        Rows.instant(row, "updated_at"), Rows.integer(row, "version"));
  }
}
