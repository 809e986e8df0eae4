package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.LoginLimiter;
import io.bmp.api.auth.Sessions;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.User;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** login, logout, getSession. */
public final class SessionHandlers {

  private final ApiContext api;
  private final LoginLimiter limiter;

  public SessionHandlers(ApiContext api) {
    this.api = api;
    this.limiter = new LoginLimiter(api.cache);
  }

  public void register(OperationTable table) {
    table.on("login", this::login).on("logout", this::logout).on("getSession", this::getSession);
  }

  private Future<Reply> login(Call call) {
    JsonObject body = call.body();
    String username = body.getString("username");
    String password = body.getString("password");
    String address = String.valueOf(call.remoteAddress());
    call.context().put(OperationTable.ATTEMPTED_USERNAME, username);
    return limiter.attempt(username, address)
        .compose(v -> api.users.findByUsername(username))
        .compose(user -> api.passwords.verify(password, user.map(User::passwordHash).orElse(null))
            .compose(ok -> ok ? Future.succeededFuture(user.get()) : failedLogin()))
        .compose(user -> limiter.succeeded(username, address)
            .compose(v -> api.users.touchLogin(user.id()))
            .compose(v -> api.sessions.start(user.id()))
            .map(started -> {
              call.context().response().addCookie(Cookie.cookie(Sessions.COOKIE, started.token())
                  .setHttpOnly(true)
                  .setSameSite(CookieSameSite.STRICT)
                  .setPath("/")
                  .setSecure(call.context().request().isSSL())
                  .setMaxAge(Sessions.TTL.toSeconds()));
              return Reply.ok(session(user, started.session().csrfToken())).on(user.id());
            }));
  }

  /** A wrong password (or user name): the attempt already counts against both limits. */
  private Future<User> failedLogin() {
    return Future.failedFuture(
        BmpException.localized(ErrorCode.UNAUTHENTICATED, "error.badCredentials", "wrong user name or password"));
  }

  private Future<Reply> logout(Call call) {
    // Read the caller's cookie before setting the expired one: request and response share one cookie map.
    Cookie cookie = call.context().request().getCookie(Sessions.COOKIE);
    String token = cookie == null ? "" : cookie.getValue();
    call.context().response().addCookie(Cookie.cookie(Sessions.COOKIE, "").setPath("/").setHttpOnly(true).setMaxAge(0)
        .setSameSite(CookieSameSite.STRICT));
    if (token.isEmpty()) {
      return Future.succeededFuture(Reply.noContent());
    }
    return api.sessions.find(token)
        .compose((Optional<Sessions.Session> s) -> s.isPresent() ? api.sessions.end(s.get().hash(), s.get().userId())
            : Future.succeededFuture())
        .map(v -> Reply.noContent());
  }

  private Future<Reply> getSession(Call call) {
    if (!call.caller().viaSession()) {
      return Future.failedFuture(BmpException.localized(ErrorCode.UNAUTHENTICATED, "error.sessionExpired",
          "the session has ended; log in again"));
    }
    return Future.succeededFuture(Reply.ok(session(call.caller().user(), call.caller().csrfToken())));
  }

  private static JsonObject session(User user, String csrf) {
    return new JsonObject().put("user", Views.user(user)).put("csrfToken", csrf);
  }
}
