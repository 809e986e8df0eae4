package io.bmp.api.auth;

import io.bmp.core.domain.Role;
import io.bmp.core.domain.User;

/**
 * Who is calling: a user, through a console session or an API key.
 *
 * @param sessionHash the hash of the session token (session callers only)
 * @param csrfToken the session's CSRF token (session callers only)
 * @param apiKeyId the key used (API-key callers only)
 * @param readOnly whether the key may only read
 */
public record Caller(User user, String sessionHash, String csrfToken, String apiKeyId, boolean readOnly) {

  public String userId() {
    return user.id();
  }

  public Role role() {
    return user.role();
  }

  public boolean viaSession() {
    return sessionHash != null;
  }
}
