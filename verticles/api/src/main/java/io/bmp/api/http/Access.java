package io.bmp.api.http;

import java.util.Locale;

/**
 * Who may call an operation, as its {@code x-bmp-access} extension in the OpenAPI document says.
 * Object-level reach (a user's own and shared projects) is checked by the handler on top.
 */
public enum Access {
  /** Anyone, logged in or not. */
  PUBLIC,
  /** Any authenticated caller. */
  USER,
  /** Owner or Operator. */
  OPERATOR,
  /** Owner only. */
  OWNER;

  public static Access parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
