package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Passwords;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.User;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** getProfile, updateProfile, changePassword. */
public final class ProfileHandlers {

  private final ApiContext api;

  public ProfileHandlers(ApiContext api) {
    this.api = api;
  }

  public void register(OperationTable table) {
    table.on("getProfile", this::get).on("updateProfile", this::update).on("changePassword", this::changePassword);
  }

  private Future<Reply> get(Call call) {
    return api.users.get(call.caller().userId()).map(u -> Reply.ok(Views.user(u)));
  }

  private Future<Reply> update(Call call) {
    JsonObject body = call.body();
    String timezone = body.getString("timezone");
    if (timezone != null) {
      UserHandlers.checkTimezone(timezone);
    }
    return api.users.get(call.caller().userId()).compose(u -> api.users.update(new User(u.id(), u.username(), u.role(),
            body.getString("email", u.email()), body.getString("phonePrefix", u.phonePrefix()),
            body.getString("phone", u.phone()), body.getString("language", u.language()),
            timezone != null ? timezone : u.timezone(), u.passwordHash(), u.defaultProjectId(), u.description(),
            u.lastLoginAt(), u.createdAt(), u.updatedAt(), u.version())))
        .onSuccess(u -> io.bmp.api.auth.CallerCache.changed(api.vertx, u.id()))
        .map(u -> Reply.ok(Views.user(u)));
  }

  private Future<Reply> changePassword(Call call) {
    JsonObject body = call.body();
    String newPassword = body.getString("newPassword");
    Passwords.checkStrength(newPassword);
    String userId = call.caller().userId();
    return api.users.get(userId)
        .compose(u -> api.passwords.verify(body.getString("oldPassword"), u.passwordHash()))
        .compose(ok -> ok ? api.passwords.hash(newPassword) : Future.failedFuture(
            BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.wrongPassword", "the current password is wrong")))
        .compose(hash -> api.users.setPasswordHash(userId, hash))
        .compose(v -> api.sessions.endAll(userId))
        .compose(v -> call.caller().viaSession()
            // The caller's own session survives: it just proved it knows the password.
            ? api.sessions.start(userId).map(started -> {
                call.context().response().addCookie(io.vertx.core.http.Cookie.cookie(
                        io.bmp.api.auth.Sessions.COOKIE, started.token()).setHttpOnly(true)
                    .setSameSite(io.vertx.core.http.CookieSameSite.STRICT).setPath("/")
                    .setMaxAge(io.bmp.api.auth.Sessions.TTL.toSeconds()));
                call.context().response().putHeader(OperationTable.CSRF_HEADER, started.session().csrfToken());
                return (Void) null;
              })
            : Future.succeededFuture())
        .map(v -> Reply.noContent(userId));
  }
}
