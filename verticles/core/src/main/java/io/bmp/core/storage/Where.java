package io.bmp.core.storage;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Builds a WHERE clause from optional filters: a null or empty value adds nothing. Values always
 * travel as parameters, never spliced into the SQL; column names come from the repository.
 */
public final class Where {

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> args = new ArrayList<>();

  /** Starts with a fixed condition, e.g. {@code "alive = 1"}. */
  public Where(String always) {
    sql.append(" WHERE ").append(always);
  }

  public Where eq(String column, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty())) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
    return this;
  }

  public Where in(String column, Collection<?> values) {
    if (values != null && !values.isEmpty()) {
      sql.append(" AND ").append(column).append(" IN (").append(placeholders(values.size())).append(")");
      args.addAll(values);
    }
    return this;
  }

  /** Rows whose column starts with {@code prefix}; LIKE wildcards in it are taken literally. */
  public Where startsWith(String column, String prefix) {
    if (prefix != null && !prefix.isEmpty()) {
      sql.append(" AND ").append(column).append(" LIKE ?");
      args.add(escapeLike(prefix) + "%");
    }
    return this;
  }

  /** Rows whose column contains {@code text}; LIKE wildcards in it are taken literally. */
  public Where contains(String column, String text) {
    if (text != null && !text.isEmpty()) {
      sql.append(" AND ").append(column).append(" LIKE ?");
      args.add("%" + escapeLike(text) + "%");
    }
    return this;
  }

  /** A raw condition with its own parameters, for what the helpers above do not cover. */
  public Where and(String condition, Object... values) {
    sql.append(" AND ").append(condition);
    Collections.addAll(args, values);
    return this;
  }

  public Where atLeast(String column, Object value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" >= ?");
      args.add(value);
    }
    return this;
  }

  public Where before(String column, Object value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" < ?");
      args.add(value);
    }
    return this;
  }

  public String sql() {
    return sql.toString();
  }

  public Tuple args() {
    return Tuple.from(new ArrayList<>(args));
  }

  /** The arguments followed by LIMIT and OFFSET for {@code page}. */
  public Tuple argsWithPage(PageRequest page) {
    List<Object> all = new ArrayList<>(args);
    all.add(page.pageSize());
    all.add(page.offset());
    return Tuple.from(all);
  }

  public static String placeholders(int n) {
    return n == 0 ? "NULL" : String.join(", ", Collections.nCopies(n, "?"));
  }

  public static String escapeLike(String text) {
    StringBuilder out = new StringBuilder(text.length() + 4);
    for (char c : text.toCharArray()) {
      if (c == '%' || c == '_' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
