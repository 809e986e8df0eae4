package io.bmp.core.domain;

import java.time.Instant;

/** A user's SSH public key, installed into the instances it is chosen for. */
public record SshKey(String id, String userId, String name, String publicKey, String fingerprint, Instant createdAt) {}
