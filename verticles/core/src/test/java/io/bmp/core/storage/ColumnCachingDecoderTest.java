package io.bmp.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoder;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ColumnCachingDecoderTest {

  // Every column type the migrations use, in H2's MySQL mode as the store opens it.
  private static final String TABLE = "CREATE TABLE t (v VARCHAR(40), c CHAR(2), i INT, b BIGINT, ti TINYINT, "
      + "bo BOOLEAN, d DOUBLE, dt DATETIME(3), mt MEDIUMTEXT, bin VARBINARY(8))";

  @Test
  void vertxFindsItAsTheJdbcDecoder() {
    JDBCDecoder first = ServiceLoader.load(JDBCDecoder.class).findFirst().orElseThrow();
    assertInstanceOf(ColumnCachingDecoder.class, first);
  }

  @Test
  void decodesEveryColumnTypeExactlyAsVertxDoes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:decoder;MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        Statement s = c.createStatement()) {
      s.execute(TABLE);
      s.execute("INSERT INTO t VALUES ('a', 'xy', 7, 9000000000, 3, TRUE, 1.5, TIMESTAMP '2026-11-21 10:00:00.123', "
          + "'long text', X'0102')");
      s.execute("INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
      s.execute("INSERT INTO t VALUES ('b', 'zz', -1, 0, 0, FALSE, 0, TIMESTAMP '1999-01-01 00:00:00', '', X'')");
      List<List<Object>> expected = decodeAll(s, new JDBCDecoderImpl());
      List<List<Object>> actual = decodeAll(s, new ColumnCachingDecoder());
      assertEquals(3, actual.size());
      for (int row = 0; row < expected.size(); row++) {
        for (int col = 0; col < expected.get(row).size(); col++) {
          Object want = expected.get(row).get(col);
          Object got = actual.get(row).get(col);
          assertEquals(want == null ? null : want.getClass(), got == null ? null : got.getClass(), "row " + row + " col " + col);
          assertEquals(want, got, "row " + row + " col " + col);
        }
      }
      assertInstanceOf(Buffer.class, actual.get(0).get(9));
      assertNotNull(actual.get(0).get(7));
    }
  }

  @Test
  void aNewResultSetWithOtherColumnsOnTheSameThreadIsDecodedByItsOwnTypes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:decoder2;MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        Statement s = c.createStatement()) {
      ColumnCachingDecoder decoder = new ColumnCachingDecoder();
      try (ResultSet rs = s.executeQuery("SELECT 1, 'one'")) {
        rs.next();
        assertEquals(1, decoder.parse(rs, 1, JDBCColumnDescriptorProvider.fromResult(rs)));
      }
      try (ResultSet rs = s.executeQuery("SELECT 'two', 2")) {
        rs.next();
        assertEquals("two", decoder.parse(rs, 1, JDBCColumnDescriptorProvider.fromResult(rs)));
        assertEquals(2, decoder.parse(rs, 2, JDBCColumnDescriptorProvider.fromResult(rs)));
      }
    }
  }

  @Test
  void aColumnOfTheSameNameButAnotherTypeInALaterQueryKeepsItsOwnType() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:decoder3;MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        Statement s = c.createStatement()) {
      ColumnCachingDecoder decoder = new ColumnCachingDecoder();
      for (int round = 0; round < 2; round++) { // the second round reads what the first one learnt
        try (ResultSet rs = s.executeQuery("SELECT CAST(7 AS BIGINT) AS x")) {
          rs.next();
          assertEquals(7L, decoder.parse(rs, 1, JDBCColumnDescriptorProvider.fromResult(rs)));
        }
        try (ResultSet rs = s.executeQuery("SELECT 'seven' AS x")) {
          rs.next();
          assertEquals("seven", decoder.parse(rs, 1, JDBCColumnDescriptorProvider.fromResult(rs)));
        }
        try (ResultSet rs = s.executeQuery("SELECT CAST(7 AS INT) AS x")) {
          rs.next();
          assertEquals(7, decoder.parse(rs, 1, JDBCColumnDescriptorProvider.fromResult(rs)));
        }
      }
    }
  }

  private static List<List<Object>> decodeAll(Statement s, JDBCDecoder decoder) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY i DESC NULLS LAST")) {
      ResultSetMetaData md = rs.getMetaData();
      JDBCColumnDescriptorProvider provider = JDBCColumnDescriptorProvider.fromResultMetaData(md);
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(decoder.parse(rs, i, provider));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
