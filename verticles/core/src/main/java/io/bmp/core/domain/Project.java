package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/** A tenant's group of instances, owned by one user and shared with others read or write. */
public record Project(
    String id, String name, String ownerId, boolean isDefault, String description, List<Share> shares,
    Instant createdAt, Instant updatedAt, int version) {

  /** Another user's access to the project; the user name is carried so that a console can show it. */
  public record Share(String userId, String username, String permission) {}

  public Project {
    shares = shares == null ? List.of() : List.copyOf(shares);
  }
}
