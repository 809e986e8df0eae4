package io.bmp.core.domain;

import java.time.Instant;

/** An in-site notification for one user. */
public record Message(String id, String userId, String type, String subType, String title, String content,
    String resourceType, String resourceId, boolean read, Instant createdAt) {}
