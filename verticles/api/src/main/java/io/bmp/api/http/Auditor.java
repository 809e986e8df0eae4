package io.bmp.api.http;

import io.bmp.api.auth.Caller;
import io.bmp.core.domain.AuditEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import java.time.Instant;
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
    Caller caller = call.caller();
    String result = failure == null ? "success" : "fail";
    String errorCode = failure == null ? null : BmpException.of(failure).code().name();
    String detail = failure == null ? null : BmpException.of(failure).getMessage();
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
