package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a pooled connection goes back to auto-commit after a transaction, so that later
 * single statements on it are committed and seen by every other connection (vertx-jdbc-client
 * 5.0.8 leaves H2 connections in manual commit; see AutoCommitRestoringDataSource).
 */
class TransactionsTest extends StorageTestBase {

  @Test
  void statementsAfterATransactionAreCommittedForEveryone() {
    String table = "tx_probe_" + kind.name().toLowerCase();
    db.pool().query("CREATE TABLE " + table + " (id INT PRIMARY KEY)").execute().await();
    try {
      db.inTransaction(tx -> tx.query("INSERT INTO " + table + " VALUES (0)").execute().mapEmpty()).await();
      // A rolled-back transaction too.
      db.inTransaction(tx -> tx.query("INSERT INTO " + table + " VALUES (-1)").execute()
          .compose(v -> Future.failedFuture(new IllegalStateException("roll back")))).otherwiseEmpty().await();
      for (int i = 1; i <= 20; i++) {
        db.pool().preparedQuery("INSERT INTO " + table + " VALUES (?)").execute(Tuple.of(i)).await();
      }
      // Read on as many connections as the pool has, at once: every one sees all 21 rows.
      List<Future<RowSet<Row>>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        reads.add(db.pool().query("SELECT COUNT(*) FROM " + table).execute());
      }
      Future.all(reads).await();
      for (Future<RowSet<Row>> read : reads) {
        assertThat(((Number) read.result().iterator().next().getValue(0)).intValue()).isEqualTo(21);
      }
    } finally {
      db.pool().query("DROP TABLE " + table).execute().await();
    }
  }
}
