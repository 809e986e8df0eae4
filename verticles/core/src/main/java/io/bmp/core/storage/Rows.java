package io.bmp.core.storage;

import io.vertx.sqlclient.Row;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Reads column values the same way from both drivers: MySQL reports BOOLEAN as a number and H2
 * hands large text back as a CLOB, so repositories read through these rather than through the
 * typed getters of {@link Row}.
 */
public final class Rows {

  private Rows() {}

  /** Now, in UTC, at the millisecond precision the columns keep. */
  public static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  public static LocalDateTime utc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The inverse of {@link #utc(Instant)}: a UTC column value as an instant. */
  public static Instant instant(LocalDateTime utc) {
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }

  public static Instant instant(Row row, String column) {
    return instantOf(row.getValue(column), column);
  }

  /** {@link #instant(Row, String)} by position, for hot paths (a lookup by name scans the columns). */
  public static Instant instant(Row row, int position) {
    return instantOf(row.getValue(position), "column " + position);
  }

  private static Instant instantOf(Object value, String column) {
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    throw new IllegalStateException(column + " is not a time but " + value.getClass().getName());
  }

  public static boolean bool(Row row, String column) {
    Object value = row.getValue(column);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.intValue() != 0;
    }
    return false;
  }

  public static String text(Row row, String column) {
    return textOf(row.getValue(column), column);
  }

  /** {@link #text(Row, String)} by position. */
  public static String text(Row row, int position) {
    return textOf(row.getValue(position), "column " + position);
  }

  private static String textOf(Object value, String column) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Clob clob) {
      try {
        return clob.getSubString(1, (int) clob.length());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read " + column, e);
      }
    }
    return value.toString();
  }

  public static Integer integer(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? null : ((Number) value).intValue();
  }

  /** {@link #integer(Row, String)} by position. */
  public static Integer integer(Row row, int position) {
    Object value = row.getValue(position);
    return value == null ? null : ((Number) value).intValue();
  }

  public static Long longValue(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? null : ((Number) value).longValue();
  }
}
