package io.bmp.core.storage;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * The relational store behind one {@link Pool}: vertx-mysql-client for MySQL/MariaDB, vertx-jdbc-client
 * over H2 for the embedded default. Repositories see only the pool, so the same SQL and the same
 * tests run on both.
 */
public final class Database {

  private final Vertx vertx;
  private final DatabaseConfig config;
  private final Pool pool;
  private final CountCache counts = new CountCache();

  private Database(Vertx vertx, DatabaseConfig config, Pool pool) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
  }

  /**
   * Applies the schema migrations (on a worker thread: Flyway speaks JDBC), opens the pool and
   * checks that it answers. Fails with {@link ErrorCode#DATABASE_UNAVAILABLE} naming the database
   * when it cannot be reached, {@link ErrorCode#CONFIG_INVALID} when a migration is refused.
   */
  public static Future<Database> open(Vertx vertx, DatabaseConfig config) {
    return vertx.<Integer>executeBlocking(() -> Migrations.migrate(config), false)
        .recover(failure -> Future.failedFuture(migrationFailure(config, failure)))
        .map(applied -> new Database(vertx, config, createPool(vertx, config)))
        .compose(db -> db.ping().map(db).recover(failure -> db.close().transform(ignored -> Future.failedFuture(failure))));
  }

  private static BmpException migrationFailure(DatabaseConfig config, Throwable failure) {
    String reason = rootMessage(failure);
    if (SqlErrors.isUnavailable(failure)) {
      return new BmpException(ErrorCode.DATABASE_UNAVAILABLE,
          "database " + config.describe() + " is not reachable: " + reason, failure);
    }
    return new BmpException(ErrorCode.CONFIG_INVALID,
        "schema migration of " + config.describe() + " failed: " + reason, failure);
  }

  private static Pool createPool(Vertx vertx, DatabaseConfig config) {
    PoolOptions poolOptions = new PoolOptions().setMaxSize(config.poolSize()).setConnectionTimeout(10);
    return switch (config.kind()) {
      case MYSQL -> MySQLBuilder.pool()
          .with(poolOptions)
          .with(new NetClientOptions().setConnectTimeout(config.connectTimeoutMillis()))
          .connectingTo(new MySQLConnectOptions()
              .setHost(config.host())
              .setPort(config.port())
              .setDatabase(config.name())
              .setUser(config.user())
              .setPassword(config.password())
              .setCharset("utf8mb4")
              // Without the cache every query is prepare + execute + close: three round trips and
              // a statement parse on the server each time. Repositories use a fixed set of SQL texts.
              .setCachePreparedStatements(true)
              .setPreparedStatementCacheMaxSize(512))
          .using(vertx)
          .build();
      case H2 -> {
        yield JDBCPool.pool(vertx,
            new AutoCommitRestoringDataSource(config.jdbcUrl(), config.user(), config.password()), poolOptions);
      }
    };
  }

  public Pool pool() {
    return pool;
  }

  public DatabaseConfig config() {
    return config;
  }

  /** Runs {@code work} in one transaction: committed if its future succeeds, rolled back otherwise. */
  public <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work)
        .onComplete(done -> counts.wrote())
        .recover(failure -> Future.failedFuture(SqlErrors.map(failure)));
  }

  /** Marks that something was written, so that cached list totals are counted again. */
  public void wrote() {
    counts.wrote();
  }

  /** A list total, from the cache while nothing has been written since it was counted. */
  public Future<Long> cachedCount(String key, java.util.function.Supplier<Future<Long>> count) {
    return counts.get(key, count);
  }

  /**
   * {@link #inTransaction}, run again (up to {@code attempts} times, after a short random pause)
   * when it failed only because a concurrent transaction held the rows it needed.
   */
  public <T> Future<T> inTransactionRetrying(Function<SqlConnection, Future<T>> work, int attempts) {
    return inTransactionRetrying(work, attempts, 0);
  }

  // The pause doubles with each try (5-25 ms, 10-50 ms… capped at 16×): the transactions holding
  // what this one needs take as long as a whole request to end on a loaded machine.
  private <T> Future<T> inTransactionRetrying(Function<SqlConnection, Future<T>> work, int attempts, int tried) {
    return pool.withTransaction(work).onComplete(done -> counts.wrote()).recover(failure -> {
      if (attempts > 1 && SqlErrors.isRetryable(failure)) {
        io.vertx.core.Promise<Void> pause = io.vertx.core.Promise.promise();
        long millis = (5L + java.util.concurrent.ThreadLocalRandom.current().nextInt(20)) << Math.min(tried, 4);
        vertxOf().setTimer(millis, id -> pause.complete());
        return pause.future().compose(v -> inTransactionRetrying(work, attempts - 1, tried + 1));
      }
      return Future.failedFuture(SqlErrors.map(failure));
    });
  }

  private Vertx vertxOf() {
    return vertx;
  }

  /** Succeeds when the database answers a trivial query; fails {@code DATABASE_UNAVAILABLE} otherwise. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute()
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(new BmpException(ErrorCode.DATABASE_UNAVAILABLE,
            "database " + config.describe() + " does not answer: " + rootMessage(failure), failure)));
  }

  public Future<Void> close() {
    return pool.close();
  }

  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
