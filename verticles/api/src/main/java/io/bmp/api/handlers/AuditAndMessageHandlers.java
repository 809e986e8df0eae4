package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.TenantViews;
import io.bmp.api.http.Views;
import io.bmp.core.repo.AuditLogRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The audit log (everyone's for operators, one's own for users) and the caller's messages. */
public final class AuditAndMessageHandlers {

  private final ApiContext api;

  public AuditAndMessageHandlers(ApiContext api) {
    this.api = api;
  }

  public void register(OperationTable table) {
    table.on("listAuditLogs", this::audit).on("listMessages", this::messages).on("markMessagesRead", this::markRead)
        .on("deleteMessage", this::deleteMessage);
  }

  private Future<Reply> audit(Call call) {
    Caller caller = call.caller();
    AuditLogRepository.Filter filter = new AuditLogRepository.Filter(caller.role().operates() ? null : caller.userId(),
        call.query("username"), call.query("operation"), call.query("targetId"), call.query("result"),
        time(call.query("from"), "from"), time(call.query("to"), "to"));
    return api.auditLog.page(filter, call.page(), call.sort()).map(p -> Reply.ok(Views.page(p, TenantViews::audit)));
  }

  private Future<Reply> messages(Call call) {
    String userId = call.caller().userId();
    return Future.all(api.messages.page(userId, call.queryBool("read"), call.query("type"), call.page(), call.sort()),
            api.messages.unread(userId))
        .map(both -> Reply.ok(Views.page(both.resultAt(0), TenantViews::message).put("unread", both.<Long>resultAt(1))));
  }

  private Future<Reply> markRead(Call call) {
    JsonObject b = call.body();
    String userId = call.caller().userId();
    JsonArray ids = b.getJsonArray("ids");
    Future<Void> marked = b.getBoolean("all", false) ? api.messages.markRead(userId, null)
        : api.messages.markRead(userId, ids == null ? java.util.List.of() : CatalogHandlers.strings(ids));
    return marked.compose(v -> api.messages.unread(userId)).map(n -> Reply.ok(new JsonObject().put("unread", n)));
  }

  private Future<Reply> deleteMessage(Call call) {
    String id = call.path("id");
    return api.messages.delete(call.caller().userId(), id).compose(found -> found ? Future.succeededFuture(Reply.noContent(id))
        : Future.failedFuture(io.bmp.core.error.BmpException.localized(io.bmp.core.error.ErrorCode.NOT_FOUND, "error.notFound",
            "message " + id + " not found", "noun.message", id)));
  }

  private static Instant time(String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InstanceCreate.invalid(field, "not an ISO 8601 time");
    }
  }
}
