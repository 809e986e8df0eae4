package io.bmp.core.repo;

import io.bmp.core.domain.AuditEntry;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit log: append-only. */
public final class AuditLogRepository extends Repository {

  private static final String COLUMNS = "id, occurred_at, user_id, username, operation, target_type, target_id, "
      + "device_sn, result, error_code, detail, request_id, source_ip";

  /** What the audit log can be narrowed to. */
  public record Filter(String userId, String username, String operation, String targetId, String result,
      Instant from, Instant to) {}

  public AuditLogRepository(Database database) {
    super(database, Map.of());
  }

  public Future<Void> append(AuditEntry entry) {
    return update(pool(), "INSERT INTO audit_logs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.from(new Object[] {entry.id(), Rows.utc(entry.occurredAt()), entry.userId(), entry.username(),
            entry.operation(), entry.targetType(), entry.targetId(), entry.deviceSn(), entry.result(), entry.errorCode(),
            truncate(entry.detail(), 1024), entry.requestId(), entry.sourceIp()})).mapEmpty();
  }

  public Future<Page<AuditEntry>> page(Filter filter, PageRequest page) {
    return page(filter, page, null);
  }

  private static final Map<String, String> SORTABLE = Map.of("occurredAt", "occurred_at", "operation", "operation",
      "username", "username", "result", "result");

  /** A page of entries in the order {@code sort} asks for; newest first by default. */
  public Future<Page<AuditEntry>> page(Filter filter, PageRequest page, String sort) {
    Where where = new Where("1 = 1")
        .eq("user_id", filter.userId())
        .contains("username", filter.username())
        .eq("operation", filter.operation())
        .eq("target_id", filter.targetId())
        .eq("result", filter.result())
        .atLeast("occurred_at", Rows.utc(filter.from()))
        .before("occurred_at", Rows.utc(filter.to()));
    Future<Long> total = listTotal("SELECT COUNT(*) FROM audit_logs" + where.sql(), where.args());
    Future<List<AuditEntry>> items = list(pool(), "SELECT " + COLUMNS + " FROM audit_logs" + where.sql()
        + Sort.orderBy(sort, SORTABLE, "occurred_at DESC") + " LIMIT ? OFFSET ?", where.argsWithPage(page),
        AuditLogRepository::map);
    return Future.all(total, items).map(v -> new Page<>(items.result(), total.result(), page.pageNumber(), page.pageSize()));
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static AuditEntry map(Row row) {
    return new AuditEntry(row.getString("id"), Rows.instant(row, "occurred_at"), row.getString("user_id"),
        row.getString("username"), row.getString("operation"), row.getString("target_type"),
        row.getString("target_id"), row.getString("device_sn"), row.getString("result"), row.getString("error_code"),
        row.getString("detail"), row.getString("request_id"), row.getString("source_ip"));
  }
}
