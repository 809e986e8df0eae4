package io.bmp.core.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every repository does with SQL: run a statement on the pool or inside a caller's
 * transaction, map rows, and turn driver failures into coded ones with this aggregate's own
 * messages for the constraints it owns.
 */
public abstract class Repository {

  protected final Database database;
  private final Map<String, String> constraintMessages;

  protected Repository(Database database, Map<String, String> constraintMessages) {
    this.database = database;
    this.constraintMessages = constraintMessages;
  }

  protected SqlClient pool() {
    return database.pool();
  }

  protected Future<RowSet<Row>> execute(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args)
        .recover(failure -> Future.failedFuture(SqlErrors.map(failure, constraintMessages)));
  }

  protected Future<Integer> update(SqlClient client, String sql, Tuple args) {
    return execute(client, sql, args).onComplete(done -> database.wrote()).map(RowSet::rowCount);
  }

  protected <T> Future<Optional<T>> one(SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
    return execute(client, sql, args).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
    });
  }

  protected <T> Future<List<T>> list(SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
    return execute(client, sql, args).map(rows -> {
      List<T> items = new ArrayList<>(rows.size());
      rows.forEach(row -> items.add(mapper.apply(row)));
      return items;
    });
  }

  /**
   * Locks a user's row until the transaction ends, so that per-user limits (keys, projects) are
   * checked and applied by one transaction at a time. Works the same on MySQL and H2.
   */
  protected Future<Void> lockUser(SqlClient tx, String userId) {
    return execute(tx, "SELECT id FROM users WHERE id = ? FOR UPDATE", Tuple.of(userId)).mapEmpty();
  }

  /**
   * The total of a list (a COUNT over the list's filter), cached until this node writes anything
   * (see CountCache): paged lists ask for it on every page.
   */
  protected Future<Long> listTotal(String sql, Tuple args) {
    StringBuilder key = new StringBuilder(sql);
    for (int i = 0; i < args.size(); i++) {
      key.append('\u0000').append(args.getValue(i));
    }
    return database.cachedCount(key.toString(), () -> count(pool(), sql, args));
  }

  protected Future<Long> count(SqlClient client, String sql, Tuple args) {
    return execute(client, sql, args).map(rows -> ((Number) rows.iterator().next().getValue(0)).longValue());
  }
}
