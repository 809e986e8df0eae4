package io.bmp.core.storage;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the relational data lives: an embedded H2 file (MySQL mode) for all-in-one, or a MySQL 8 /
 * MariaDB server in production. Read from the descriptor's {@code database} section.
 *
 * @param kind {@code h2} or {@code mysql}
 * @param file for H2: the database file's path without its {@code .mv.db} suffix
 */
public record DatabaseConfig(
    Kind kind, Path file, String host, int port, String name, String user, String password,
    int poolSize, int connectTimeoutMillis) {

  public enum Kind { H2, MYSQL }

  /** Reads the section; {@code dataDir} places the H2 file when the section names none. */
  public static DatabaseConfig fromJson(JsonObject json, Path dataDir) {
    String kindName = json.getString("kind", "h2");
    Kind kind;
    try {
      kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "database.kind must be h2 or mysql, not '" + kindName + "'");
    }
    String file = json.getString("file", "");
    Path h2File = file.isBlank() ? dataDir.resolve("db").resolve("bmp") : Path.of(file);
    return new DatabaseConfig(
        kind,
        h2File.toAbsolutePath().normalize(),
        json.getString("host", "127.0.0.1"),
        json.getInteger("port", 3306),
        json.getString("name", "bmp"),
        json.getString("user", kind == Kind.H2 ? "sa" : "root"),
        json.getString("password", ""),
        json.getInteger("poolSize", 8),
        json.getInteger("connectTimeoutMillis", 5000));
  }

  /** The JDBC URL, used by the migrations (and, for H2, by the pool too). */
  public String jdbcUrl() {
    return switch (kind) {
      // DATABASE_TO_LOWER makes unquoted names lower case, as MySQL reports them. WRITE_DELAY=0: H2
      // keeps no redo log and by default writes commits out every 500 ms, so a process killed within
      // that time lost transactions it had reported committed (LabCrashTest found a lost agent
      // check-in). With 0 each commit is written before it returns.
      case H2 -> "jdbc:h2:file:" + file + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
      case MYSQL -> "jdbc:mariadb://" + host + ":" + port + "/" + name
          + "?connectTimeout=" + connectTimeoutMillis;
    };
  }

  /** Where the database is, for messages: never the password. */
  public String describe() {
    return switch (kind) {
      case H2 -> "H2 " + file;
      case MYSQL -> "MySQL " + user + "@" + host + ":" + port + "/" + name;
    };
  }
}
