package io.bmp.core.storage;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import java.util.Map;
import java.util.TreeSet;

/**
 * An ORDER BY from a client's {@code sort} parameter ({@code name}, or {@code -createdAt} for
 * descending), allowed only on the fields a repository lists, so a client never names a column.
 * The id is always the last key, so pages are stable.
 */
public final class Sort {

  private Sort() {}

  /** {@code allowed} maps API field names to columns; {@code fallback} is used when none is asked. */
  public static String orderBy(String requested, Map<String, String> allowed, String fallback) {
    if (requested == null || requested.isBlank()) {
      // The id breaks ties in the same direction, so an index on the sort column (which carries
      // the primary key) serves the whole ORDER BY.
      return " ORDER BY " + fallback + (fallback.endsWith(" DESC") ? ", id DESC" : ", id");
    }
    boolean descending = requested.startsWith("-");
    String field = descending ? requested.substring(1) : requested;
    String column = allowed.get(field);
    if (column == null) {
      throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.sortField",
          "cannot sort by '" + field + "'; sortable fields: " + String.join(", ", new TreeSet<>(allowed.keySet())),
          field, String.join(", ", new TreeSet<>(allowed.keySet())));
    }
    return " ORDER BY " + column + (descending ? " DESC, id DESC" : " ASC, id");
  }
}
