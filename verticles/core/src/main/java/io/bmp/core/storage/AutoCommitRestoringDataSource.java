package io.bmp.core.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * H2's data source, with connections that go back to auto-commit when a transaction ends.
 *
 * <p>Why: vertx-jdbc-client 5.0.8 ends a transaction with {@code commit()} (or {@code rollback()})
 * followed by {@code setAutoCommit(false)} instead of {@code true}, and returns the connection to
 * the pool that way. Every later single statement on that connection then runs in a transaction
 * nobody commits, invisible to every other connection. This wrapper restores auto-commit after
 * commit and rollback and ignores the one stray {@code setAutoCommit(false)} that follows; a
 * client version that calls {@code setAutoCommit(true)} instead works unchanged.
 */
final class AutoCommitRestoringDataSource implements DataSource {

  private final JdbcDataSource h2;

  AutoCommitRestoringDataSource(String url, String user, String password) {
    h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser(user);
    h2.setPassword(password);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(h2.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(h2.getConnection(user, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return h2.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    h2.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    h2.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return h2.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return h2.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return h2.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return h2.isWrapperFor(type);
  }

  static Connection wrap(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        new Restorer(connection));
  }

  private static final class Restorer implements InvocationHandler {
    private final Connection target;
    private boolean justEnded;

    Restorer(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      boolean noArgs = args == null || args.length == 0;
      if (name.equals("setAutoCommit") && args != null && args.length == 1) {
        boolean on = (Boolean) args[0];
        if (!on && justEnded) {
          justEnded = false;
          return null;
        }
        justEnded = false;
      }
      try {
        Object result = method.invoke(target, args);
        if (noArgs && (name.equals("commit") || name.equals("rollback"))) {
          target.setAutoCommit(true);
          justEnded = true;
        }
        return result;
      } catch (InvocationTargetException e) {
        if (noArgs && (name.equals("commit") || name.equals("rollback"))) {
          justEnded = true;
          try {
            target.setAutoCommit(true);
          } catch (SQLException ignored) {
            // The connection is broken; the pool drops it on its next failure.
          }
        }
        throw e.getCause();
      }
    }
  }
}
