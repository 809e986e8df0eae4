package io.bmp.core.storage;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.mysqlclient.MySQLBatchException;
import io.vertx.mysqlclient.MySQLException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Turns the failures of both drivers (vertx-mysql-client, and JDBC for H2) into coded failures, so
 * repositories and their callers see the same thing on either database.
 */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * Maps a failure; {@code constraintMessages} names, for the constraints a statement can break,
   * what to tell the caller ("a live device with serial number … already exists").
   */
  public static BmpException map(Throwable failure, Map<String, String> constraintMessages) {
    if (failure instanceof BmpException bmp) {
      return bmp;
    }
    if (failure instanceof HeldByOthers held) {
      return held.ifStillHeld();
    }
    if (failure instanceof MySQLBatchException batch && !batch.getIterationError().isEmpty()) {
      // A batch reports each failed row; the first one says what went wrong.
      Throwable first = batch.getIterationError().entrySet().stream()
          .min(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(failure);
      return map(first, constraintMessages);
    }
    Violation violation = violation(failure);
    if (violation != null) {
      String message = messageFor(failure, constraintMessages);
      return switch (violation) {
        case DUPLICATE -> new BmpException(ErrorCode.ALREADY_EXISTS, message != null ? message : "already exists");
        case REFERENCED -> new BmpException(ErrorCode.IN_USE, message != null ? message : "still in use by other records");
        case MISSING_REFERENCE -> new BmpException(
            ErrorCode.INVALID_ARGUMENT, message != null ? message : "refers to something that does not exist");
        case TOO_LONG -> new BmpException(ErrorCode.INVALID_ARGUMENT, "a value is longer than its field allows");
      };
    }
    if (isUnavailable(failure)) {
      return new BmpException(ErrorCode.DATABASE_UNAVAILABLE, "the database is not reachable", failure);
    }
    return new BmpException(ErrorCode.INTERNAL, "database error", failure);
  }

  public static BmpException map(Throwable failure) {
    return map(failure, Map.of());
  }

  private enum Violation { DUPLICATE, REFERENCED, MISSING_REFERENCE, TOO_LONG }

  private static Violation violation(Throwable failure) {
    if (failure instanceof MySQLException mysql) {
      return switch (mysql.getErrorCode()) {
        case 1062, 1586 -> Violation.DUPLICATE;
        case 1451 -> Violation.REFERENCED;
        case 1452 -> Violation.MISSING_REFERENCE;
        case 1406 -> Violation.TOO_LONG; // ER_DATA_TOO_LONG, in strict mode (MariaDB's default)
        default -> null;
      };
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return switch (sql.getSQLState()) {
          case "23505" -> Violation.DUPLICATE;
          case "23503" -> Violation.REFERENCED;
          case "23506" -> Violation.MISSING_REFERENCE;
          case "22001" -> Violation.TOO_LONG;
          default -> null;
        };
      }
    }
    return null;
  }

  private static String messageFor(Throwable failure, Map<String, String> constraintMessages) {
    String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> entry : constraintMessages.entrySet()) {
      if (text.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * Whether a transaction failed only because another one held what it needed (a deadlock, a
   * lock wait that timed out, H2's concurrent update): running it again is the right answer.
   */
  public static boolean isRetryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HeldByOthers) {
        return true;
      }
      if (t instanceof MySQLException mysql && (mysql.getErrorCode() == 1213 || mysql.getErrorCode() == 1205)) {
        return true;
      }
      if (t instanceof SQLException sql) {
        int code = sql.getErrorCode();
        String state = sql.getSQLState();
        if (code == 50200 || code == 90131 || code == 40001 || "40001".equals(state) || "HYT00".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the failure means the database could not be reached (as opposed to refusing a statement). */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof TimeoutException) {
        return true;
      }
      String name = t.getClass().getName();
      if (name.equals("io.vertx.sqlclient.ClosedConnectionException")
          || name.equals("io.netty.channel.ConnectTimeoutException")
          || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
          || name.endsWith("ConnectException")) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // Class 08 is "connection exception"; H2 reports a closed or unreachable database as 90xxx.
        if (state != null && (state.startsWith("08") || state.equals("90098") || state.equals("90121"))) {
          return true;
        }
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("Connection refused") || message.contains("Connection reset")
          || message.contains("connection closed") || message.contains("Timeout in waiting for a connection")
          || message.contains("Pool closed")) {
        return true;
      }
    }
    return false;
  }
}
