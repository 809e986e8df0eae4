package io.bmp.core.domain;

import java.time.Instant;

/** A person who logs in. The password is kept only as a bcrypt hash. */
public record User(
    String id, String username, Role role, String email, String phonePrefix, String phone, String language,
    String timezone, String passwordHash, String defaultProjectId, String description, Instant lastLoginAt,
    Instant createdAt, Instant updatedAt, int version) {}
