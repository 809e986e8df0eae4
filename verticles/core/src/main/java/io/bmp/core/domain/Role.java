package io.bmp.core.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three built-in roles. Owner may do everything; Operator runs the operator platform (rooms,
 * device types, images, devices, every instance) but not users and roles; User works only in its
 * own projects and those shared with it.
 */
public enum Role {
  OWNER("role-owner", "Owner"),
  OPERATOR("role-operator", "Operator"),
  USER("role-user", "User");

  private final String id;
  private final String displayName;

  Role(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** Whether this role runs the operator platform (Owner and Operator). */
  public boolean operates() {
    return this != USER;
  }

  public static Optional<Role> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
