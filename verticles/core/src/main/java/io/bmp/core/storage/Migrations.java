package io.bmp.core.storage;

import org.flywaydb.core.Flyway;

/**
 * Versioned schema migrations (Flyway, files under {@code db/migration}), applied at start-up. The
 * same files serve H2 and MySQL/MariaDB. Blocking: call it on a worker thread.
 */
final class Migrations {

  private Migrations() {}

  /** Brings the schema up to date and returns how many migrations were applied now. */
  static int migrate(DatabaseConfig config) {
    var configuration = Flyway.configure()
        .locations("classpath:db/migration")
        .connectRetries(0)
        .loggers("slf4j");
    switch (config.kind()) {
      case H2 -> configuration.dataSource(config.jdbcUrl(), config.user(), config.password());
      case MYSQL -> configuration
          // Connect without a default database so that a missing one can be created.
          .dataSource("jdbc:mariadb://" + config.host() + ":" + config.port() + "/?connectTimeout="
              + config.connectTimeoutMillis(), config.user(), config.password())
          .schemas(config.name())
          .defaultSchema(config.name())
          .createSchemas(true);
    }
    return configuration.load().migrate().migrationsExecuted;
  }
}
