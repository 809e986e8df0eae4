package io.bmp.api.http;

import io.bmp.api.auth.Caller;
import io.bmp.core.domain.AuditEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit entry per mutating call, success or failure, before the response goes out.
 * A failure to write the entry is logged and does not change the call's outcome.
 */
final class Auditor {

  private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

  /** Where an operation without a caller (login) leaves the user name for the audit entry. */
  static final String ATTEMPTED_USERNAME = "auditUsername";

  private final AuditLogRepository log;

  Auditor(AuditLogRepository log) {
    this.log = log;
  }

  Future<Void> record(String operation, Call call, String targetId, Throwable failure) {
    return record(operation, call, targetId, failure == null ? null : BmpException.of(failure).code().name(),
        failure == null ? null : BmpException.of(failure).getMessage());
  }

  /**
   * A batch call: one entry per instance it named, each with that instance's own outcome (the
   * batch answers 200 even when some were refused). {@code context} is what the call acted with
   * besides the instances (the destination project of a move), kept in each entry's detail.
   */
  Future<Void> recordBatch(String operation, Call call, JsonArray items, String context) {
    List<Future<Void>> entries = new ArrayList<>();
    for (Object item : items) {
      JsonObject one = (JsonObject) item;
      JsonObject error = one.getJsonObject("error");
      String instanceId = one.getString("instanceId");
      String refusal = call.refusal(instanceId);
      entries.add(record(operation, call, instanceId,
          one.getBoolean("ok", false) ? null : error == null ? "UNKNOWN" : error.getString("code"),
          error == null ? context == null ? null : "with " + context : refusal != null ? refusal : error.getString("message")));
    }
    return Future.join(entries).mapEmpty();
  }

  /**
   * A call that created several objects (instances, devices): one entry per object, so that the
   * audit log filtered by an object's id shows who created it; {@code context} (the project, the
   * room) is kept in each entry's detail.
   */
  Future<Void> recordCreated(String operation, Call call, List<String> ids, String context) {
    List<Future<Void>> entries = new ArrayList<>();
    for (String id : ids) {
      entries.add(record(operation, call, id, null, context == null ? null : "in " + context));
    }
    return Future.join(entries).mapEmpty();
  }

  private Future<Void> record(String operation, Call call, String targetId, String errorCode, String detail) {
    Caller caller = call.caller();
    String result = errorCode == null ? "success" : "fail";
    // A failed login has no caller: the login handler leaves the name that was tried.
    String username = caller != null ? caller.user().username() : call.context().get(ATTEMPTED_USERNAME);
    AuditEntry entry = new AuditEntry(Ids.next("log"), Instant.now(), caller == null ? null : caller.userId(),
        username, operation, null, targetId, null, result, errorCode, detail,
        call.requestId(), call.remoteAddress());
    return log.append(entry).recover(e -> {
      LOG.warn("AUDIT-WRITE-FAILED op={} request={} reason={}", operation, call.requestId(), e.getMessage());
      return Future.succeededFuture();
    });
  }
}
