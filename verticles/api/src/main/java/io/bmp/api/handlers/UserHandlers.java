package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.CallerCache;
import io.bmp.api.auth.Accounts;
import io.bmp.api.auth.Passwords;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.Role;
import io.bmp.core.domain.User;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;

/** Users (Owner only) and the roles list. */
public final class UserHandlers {

  private final ApiContext api;

  public UserHandlers(ApiContext api) {
    this.api = api;
  }

  public void register(OperationTable table) {
    table.on("listUsers", this::list).on("createUser", this::create).on("getUser", this::get)
        .on("updateUser", this::update).on("deleteUser", this::delete).on("resetUserPassword", this::resetPassword)
        .on("listRoles", this::listRoles);
  }

  private Future<Reply> list(Call call) {
    Role role = call.query("role") == null ? null : role(call.query("role"));
    return api.users.page(call.query("username"), role, call.page(), call.sort())
        .map(page -> Reply.ok(Views.page(page, Views::user)));
  }

  private Future<Reply> create(Call call) {
    JsonObject b = call.body();
    Passwords.checkStrength(b.getString("password"));
    if (b.getString("timezone") != null) {
      checkTimezone(b.getString("timezone"));
    }
    return new Accounts(api).create(b.getString("username"), b.getString("password"), role(b.getString("role")),
            b.getString("email"), b.getString("phonePrefix"), b.getString("phone"), b.getString("language"),
            b.getString("timezone"), b.getString("description"))
        .map(u -> Reply.created(Views.user(u), u.id()));
  }

  private Future<Reply> get(Call call) {
    return api.users.get(call.path("id")).map(u -> Reply.ok(Views.user(u)));
  }

  private Future<Reply> update(Call call) {
    JsonObject b = call.body();
    if (b.getString("timezone") != null) {
      checkTimezone(b.getString("timezone"));
    }
    // Nobody changes their own role: the last Owner could otherwise demote itself, and no one
    // would be left to manage users (the first Owner is made only when there are no users at all).
    if (b.getString("role") != null && call.path("id").equals(call.caller().userId())
        && role(b.getString("role")) != call.caller().role()) {
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.roleSelf",
          "you cannot change your own role"));
    }
    return api.users.get(call.path("id")).compose(u -> api.users.update(new User(u.id(), u.username(),
            b.getString("role") != null ? role(b.getString("role")) : u.role(), b.getString("email", u.email()),
            b.getString("phonePrefix", u.phonePrefix()), b.getString("phone", u.phone()),
            b.getString("language", u.language()), b.getString("timezone", u.timezone()), u.passwordHash(),
            u.defaultProjectId(), b.getString("description", u.description()), u.lastLoginAt(), u.createdAt(),
            u.updatedAt(), b.getInteger("version"))))
        .onSuccess(u -> CallerCache.changed(api.vertx, u.id()))
        .map(u -> Reply.ok(Views.user(u)));
  }

  private Future<Reply> delete(Call call) {
    String id = call.path("id");
    if (id.equals(call.caller().userId())) {
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.deleteSelf", "you cannot delete yourself"));
    }
    return api.users.get(id)
        .compose(u -> api.database.pool().preparedQuery("SELECT COUNT(*) FROM instances i JOIN projects p ON p.id = i.project_id "
                + "WHERE p.owner_id = ? AND i.alive = 1").execute(Tuple.of(id)))
        .compose(rows -> {
          long instances = ((Number) rows.iterator().next().getValue(0)).longValue();
          return instances > 0 ? Future.failedFuture(BmpException.localized(ErrorCode.IN_USE, "error.userOwnsInstances",
              "the user still owns projects with " + instances + " instances", instances)) : Future.<Void>succeededFuture();
        })
        .compose(v -> api.apiKeys.deleteAllOf(id))
        .compose(v -> api.users.delete(id))
        .compose(v -> api.sessions.endAll(id))
        .map(v -> Reply.noContent(id));
  }

  private Future<Reply> resetPassword(Call call) {
    String id = call.path("id");
    String password = call.body().getString("password");
    Passwords.checkStrength(password);
    return api.users.get(id)
        .compose(u -> api.passwords.hash(password))
        .compose(hash -> api.users.setPasswordHash(id, hash))
        .compose(v -> api.sessions.endAll(id))
        .map(v -> Reply.noContent(id));
  }

  private Future<Reply> listRoles(Call call) {
    return Future.succeededFuture(Reply.ok(Views.items(Arrays.asList(Role.values()), r -> new JsonObject()
        .put("id", r.id())
        .put("name", r.displayName())
        .put("nameZh", io.bmp.api.http.I18n.text(io.bmp.api.http.I18n.ZH, "role.name." + r.displayName()) == null
            ? r.displayName() : io.bmp.api.http.I18n.text(io.bmp.api.http.I18n.ZH, "role.name." + r.displayName()))
        .put("description", io.bmp.api.http.I18n.text(call.language(), "role." + r.displayName())))));
  }

  static Role role(String name) {
    return Arrays.stream(Role.values()).filter(r -> r.displayName().equals(name)).findFirst()
        .orElseThrow(() -> BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.unknownRole", "unknown role '" + name + "'", name));
  }

  static void checkTimezone(String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.unknownTimezone", "unknown time zone '" + zone + "'", zone);
    }
  }
}
