package io.bmp.core.domain;

import java.time.Instant;

/**
 * A personal API key. Only its SHA-256 hash and its first characters (to tell keys apart in a
 * list) are stored; the key itself is shown once, when it is created.
 */
public record ApiKey(
    String id, String userId, String name, String keyHash, String keyPrefix, boolean readOnly,
    Instant lastUsedAt, Instant createdAt) {}
