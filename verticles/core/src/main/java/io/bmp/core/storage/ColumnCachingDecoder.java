package io.bmp.core.storage;

import io.vertx.jdbcclient.impl.actions.JDBCColumnDescriptor;
import io.vertx.jdbcclient.impl.actions.JDBCTypeWrapper;
import io.vertx.jdbcclient.impl.actions.SQLValueProvider;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import java.lang.ref.WeakReference;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;

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
 */
public final class ColumnCachingDecoder extends JDBCDecoderImpl {

  /** How {@link JDBCDecoderImpl#decode} would treat a column, decided once. */
  private enum Kind { SPECIAL, NUMBER, DATE_TIME, PLAIN }

  /** The result set a worker thread is decoding now, with what is known of its columns. */
  private static final class Columns {
    WeakReference<ResultSet> of = new WeakReference<>(null);
    JDBCColumnDescriptor[] descriptors = new JDBCColumnDescriptor[0];
    Kind[] kinds = new Kind[0];
  }

  // A result set is decoded on one thread from its first row to its last.
  private static final ThreadLocal<Columns> CURRENT = ThreadLocal.withInitial(Columns::new);

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    Columns columns = CURRENT.get();
    if (columns.of.get() != rs) {
      int count = rs.getMetaData().getColumnCount();
      columns.of = new WeakReference<>(rs);
      columns.descriptors = new JDBCColumnDescriptor[count + 1];
      columns.kinds = new Kind[count + 1];
    }
    if (pos >= columns.descriptors.length) {
      return super.parse(rs, pos, provider);
    }
    JDBCColumnDescriptor descriptor = columns.descriptors[pos];
    if (descriptor == null) {
      descriptor = provider.apply(pos);
      columns.descriptors[pos] = descriptor;
      columns.kinds[pos] = kindOf(descriptor);
    }
    SQLValueProvider value = cls -> cls == null ? rs.getObject(pos) : rs.getObject(pos, cls);
    switch (columns.kinds[pos]) {
      case NUMBER:
        return decodeNumber(value, descriptor);
      case DATE_TIME:
        return decodeDateTime(value, descriptor);
      case PLAIN:
        return cast(getCoerceObject(value, descriptor.jdbcTypeWrapper().vendorTypeClass()));
      default:
        return decode(descriptor, value);
    }
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
