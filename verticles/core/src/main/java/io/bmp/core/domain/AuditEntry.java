package io.bmp.core.domain;

import java.time.Instant;

/** One mutating call: who did what to which object, with what result, and when. */
public record AuditEntry(
    String id, Instant occurredAt, String userId, String username, String operation, String targetType,
    String targetId, String deviceSn, String result, String errorCode, String detail, String requestId,
    String sourceIp) {}
