package io.bmp.core.storage;

import io.vertx.jdbcclient.impl.actions.JDBCColumnDescriptor;
import io.vertx.jdbcclient.impl.actions.JDBCTypeWrapper;
import io.vertx.jdbcclient.impl.actions.SQLValueProvider;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * vertx-jdbc-client's decoder, with each result set's column descriptions worked out once per
 * column instead of once per cell. Found by ServiceLoader (META-INF/services), so it serves the
 * H2 pool; the MariaDB pool does not go through JDBC.
 *
 * <p>Why: vertx-jdbc-client 5.0.8 asks its column-descriptor provider for every cell it decodes,
 * and the provider reads the column's label, type, type name and class name from the driver's
 * metadata and matches them against every {@link JDBCType} with streams each time; then the
 * decoder tests the type against four type tables. A page of 20 devices of 30 columns did that
 * 600 times: in a profile of the device list on H2 it was about a fifth of the server's CPU.
 * Values are decoded by the same methods as before, in the same order of tests, so every column
 * yields exactly the Java type it yielded before.
 *
 * <p>Working a column out once per result set still cost a tenth of the H2 device list's CPU (30
 * columns per page, each matched against every {@code JDBCType} with a stream and its class
 * loaded by name), so descriptions are also kept across result sets, keyed by the four metadata
 * properties vertx-jdbc-client builds them from: the same key always gives the same description.
 */
public final class ColumnCachingDecoder extends JDBCDecoderImpl {

  /** How {@link JDBCDecoderImpl#decode} would treat a column, decided once. */
  private enum Kind { SPECIAL, NUMBER, DATE_TIME, PLAIN }

  /** The result set a worker thread is decoding now, with what is known of its columns. */
  private static final class Columns {
    WeakReference<ResultSet> of = new WeakReference<>(null);
    ResultSetMetaData metaData;
    Known[] known = new Known[0];
  }

  /** What vertx-jdbc-client builds a column's description from. */
  private record ColumnKey(String label, int type, String typeName, String className) {}

  /** A column's description, how it decodes, and the class the library first asks the driver for. */
  private record Known(JDBCColumnDescriptor descriptor, Kind kind, Class<?> vendorClass) {}

  /** Enough for every query of the schema; past it (ad-hoc queries) columns are worked out per result set. */
  private static final int MAX_KNOWN = 4096;
  private static final Map<ColumnKey, Known> KNOWN = new ConcurrentHashMap<>();

  // A result set is decoded on one thread from its first row to its last.
  private static final ThreadLocal<Columns> CURRENT = ThreadLocal.withInitial(Columns::new);

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    Columns columns = CURRENT.get();
    if (columns.of.get() != rs) {
      columns.metaData = rs.getMetaData();
      columns.of = new WeakReference<>(rs);
      columns.known = new Known[columns.metaData.getColumnCount() + 1];
    }
    if (pos >= columns.known.length) {
      return super.parse(rs, pos, provider);
    }
    Known known = columns.known[pos];
    if (known == null) {
      known = known(columns.metaData, pos, provider);
      columns.known[pos] = known;
    }
    SQLValueProvider value = cls -> cls == null ? rs.getObject(pos) : rs.getObject(pos, cls);
    if (known.kind() == Kind.SPECIAL) {
      return decode(known.descriptor(), value);
    }
    // decodeNumber, decodeDateTime and getCoerceObject all first ask the driver for the vendor
    // class and cast what it gives; only when the driver refuses do they try other ways.
    Object first;
    try {
      first = value.apply(known.vendorClass());
    } catch (SQLException refused) {
      switch (known.kind()) {
        case NUMBER:
          return decodeNumber(value, known.descriptor());
        case DATE_TIME:
          return decodeDateTime(value, known.descriptor());
        default:
          return cast(getCoerceObject(value, known.vendorClass()));
      }
    }
    return castSimple(first);
  }

  /**
   * {@link #cast} without its nine {@code instanceof} tests for the value classes it returns as
   * they are. Those tests are against interfaces (java.sql.Array, Blob…), and on JDK 17 every
   * worker thread testing a String against them reads the String class's secondary-super cache,
   * which other threads keep rewriting (JDK-8180450): the first test was a tenth of the H2 device
   * list's CPU.
   */
  private Object castSimple(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    Class<?> c = value.getClass();
    if (c == String.class || c == Integer.class || c == Long.class || c == Boolean.class || c == LocalDateTime.class
        || c == BigDecimal.class || c == Double.class || c == Short.class || c == Byte.class || c == Float.class
        || c == LocalDate.class || c == OffsetDateTime.class) {
      return value;
    }
    return cast(value);
  }

  private static Known known(ResultSetMetaData md, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    ColumnKey key = new ColumnKey(md.getColumnLabel(pos), md.getColumnType(pos), md.getColumnTypeName(pos),
        md.getColumnClassName(pos));
    Known known = KNOWN.get(key);
    if (known == null) {
      JDBCColumnDescriptor descriptor = provider.apply(pos);
      Kind kind = kindOf(descriptor);
      known = new Known(descriptor, kind, kind == Kind.SPECIAL ? null : descriptor.jdbcTypeWrapper().vendorTypeClass());
      if (KNOWN.size() < MAX_KNOWN) {
        KNOWN.putIfAbsent(key, known);
      }
    }
    return known;
  }

  /** The branches of {@link JDBCDecoderImpl#decode}, in its order. */
  private static Kind kindOf(JDBCColumnDescriptor descriptor) {
    if (descriptor == null || descriptor.isArray()) {
      return Kind.SPECIAL;
    }
    JDBCType type = descriptor.jdbcType();
    if (type == JDBCType.DATALINK || type == JDBCType.SQLXML || type == JDBCType.STRUCT) {
      return Kind.SPECIAL;
    }
    JDBCTypeWrapper wrapper = descriptor.jdbcTypeWrapper();
    if (wrapper.isBinaryType()) {
      return Kind.SPECIAL;
    }
    if (wrapper.isNumberType()) {
      return Kind.NUMBER;
    }
    if (wrapper.isDateTimeType()) {
      return Kind.DATE_TIME;
    }
    if (wrapper.isUnhandledType() || wrapper.isSpecificVendorType()) {
      return Kind.SPECIAL;
    }
    return Kind.PLAIN;
  }
}
