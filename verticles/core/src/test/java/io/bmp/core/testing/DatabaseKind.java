package io.bmp.core.testing;

import io.bmp.core.storage.Database;
import io.bmp.core.storage.DatabaseConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * The two databases every storage test runs on: an H2 file (the all-in-one default) and the real
 * MariaDB on 127.0.0.1:3306 (root, no password), each test class getting a database of its own.
 */
public enum DatabaseKind {
  H2,
  MARIADB;

  public static final String MARIADB_HOST = System.getProperty("bmp.test.mariadb.host", "127.0.0.1");
  public static final int MARIADB_PORT = Integer.getInteger("bmp.test.mariadb.port", 3306);

  /** The descriptor section that points at a fresh database of this kind. */
  public JsonObject freshConfig(Path tempDir) {
    return switch (this) {
      case H2 -> new JsonObject().put("kind", "h2").put("file", tempDir.resolve("db-" + UUID.randomUUID()).resolve("bmp").toString());
      case MARIADB -> new JsonObject().put("kind", "mysql").put("host", MARIADB_HOST).put("port", MARIADB_PORT)
          .put("user", "root").put("password", "").put("name", "bmp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    };
  }

  /** Opens (creating and migrating) a fresh database of this kind. */
  public Database open(Vertx vertx, Path tempDir) {
    return Database.open(vertx, DatabaseConfig.fromJson(freshConfig(tempDir), tempDir)).await();
  }

  /** Closes the pool and, on MariaDB, drops the test database. */
  public static void dispose(Database database) {
    database.close().await();
    if (database.config().kind() == DatabaseConfig.Kind.MYSQL) {
      dropMariaDb(database.config().name());
    }
  }

  public static void dropMariaDb(String name) {
    try (var connection = DriverManager.getConnection(
        "jdbc:mariadb://" + MARIADB_HOST + ":" + MARIADB_PORT + "/", "root", "");
        var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
    } catch (Exception e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
