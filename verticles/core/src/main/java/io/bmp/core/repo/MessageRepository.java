package io.bmp.core.repo;

import io.bmp.core.domain.Message;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Page;
import io.bmp.core.storage.PageRequest;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Sort;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** In-site notifications, each for one user. */
public final class MessageRepository extends Repository {

  private static final String COLUMNS = "id, user_id, message_type, sub_type, title, content, resource_type, resource_id, "
      + "is_read, created_at";

  public MessageRepository(Database database) {
    super(database, Map.of("fk_messages_user", "the user does not exist"));
  }

  public Future<Void> create(Message m) {
    return update(pool(), "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.from(new Object[] {m.id(), m.userId(), m.type(), m.subType(), m.title(), m.content(), m.resourceType(),
            m.resourceId(), m.read(), Rows.now()})).mapEmpty();
  }

  public Future<Page<Message>> page(String userId, Boolean read, String type, PageRequest page) {
    return page(userId, read, type, page, null);
  }

  private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "type", "message_type");

  /** A page of the user's messages in the order {@code sort} asks for; newest first by default. */
  public Future<Page<Message>> page(String userId, Boolean read, String type, PageRequest page, String sort) {
    Where where = new Where("deleted_at IS NULL").eq("user_id", userId).eq("is_read", read).eq("message_type", type);
    Future<Long> total = listTotal("SELECT COUNT(*) FROM messages" + where.sql(), where.args());
    Future<List<Message>> items = list(pool(), "SELECT " + COLUMNS + " FROM messages" + where.sql()
        + Sort.orderBy(sort, SORTABLE, "created_at DESC") + " LIMIT ? OFFSET ?", where.argsWithPage(page),
        MessageRepository::map);
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result(), page.pageNumber(), page.pageSize()));
  }

  public Future<Long> unread(String userId) {
    return count(pool(), "SELECT COUNT(*) FROM messages WHERE user_id = ? AND is_read = FALSE AND deleted_at IS NULL",
        Tuple.of(userId));
  }

  /** Marks the user's messages read: these ids, or all when {@code ids} is null. */
  public Future<Void> markRead(String userId, List<String> ids) {
    if (ids == null) {
      return update(pool(), "UPDATE messages SET is_read = TRUE, read_at = ? WHERE user_id = ? AND is_read = FALSE",
          Tuple.of(Rows.now(), userId)).mapEmpty();
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Object> args = new ArrayList<>(List.of(Rows.now(), userId));
    args.addAll(ids);
    return update(pool(), "UPDATE messages SET is_read = TRUE, read_at = ? WHERE user_id = ? AND id IN ("
        + Where.placeholders(ids.size()) + ")", Tuple.from(args)).mapEmpty();
  }

  public Future<Boolean> delete(String userId, String id) {
    return update(pool(), "UPDATE messages SET deleted_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL",
        Tuple.of(Rows.now(), id, userId)).map(n -> n == 1);
  }

  private static Message map(Row r) {
    return new Message(r.getString("id"), r.getString("user_id"), r.getString("message_type"), r.getString("sub_type"),
        r.getString("title"), Rows.text(r, "content"), r.getString("resource_type"), r.getString("resource_id"),
        Rows.bool(r, "is_read"), Rows.instant(r, "created_at"));
  }
}
