package io.bmp.image;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Whether a request's {@code If-Range} (RFC 9110 §13.1.5) names the version the store holds, so
 * that its {@code Range} may be served: an entity tag must be strong and equal to the file's, a
 * date must be exactly the file's modification time (to the second, as {@code Last-Modified}
 * says it). Anything else, including a tag while the file's checksum is not known yet, does not.
 */
final class IfRange {

  private IfRange() {}

  /**
   * @param etag     the file's strong entity tag, quotes included; null when not known yet
   * @param modified the file's modification time in milliseconds; negative when there is no file
   */
  static boolean holds(String ifRange, String etag, long modified) {
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return etag != null && value.equals(etag);
    }
    if (modified < 0) {
      return false;
    }
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() == modified / 1000;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
