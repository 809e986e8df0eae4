package io.bmp.api.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Password hashing with bcrypt (cost 10), run on a worker thread: one hash costs tens of
 * milliseconds of CPU, which must never stall an event loop. Passwords longer than bcrypt's 72
 * bytes are truncated there, as OpenBSD's bcrypt does.
 */
public final class Passwords {

  private static final int COST = 10;
  private static final BCrypt.Hasher HASHER = BCrypt.with(LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2A,
      LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
  /** Checked against when the user does not exist, so that a wrong name costs as long as a wrong password. */
  private static final String DUMMY_HASH = new String(HASHER.hash(COST, "not-a-password".toCharArray()));

  private final Vertx vertx;

  public Passwords(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> new String(HASHER.hash(COST, password.toCharArray())), false);
  }

  /** True if {@code password} matches {@code hash}; with a null hash it spends the same time and says false. */
  public Future<Boolean> verify(String password, String hash) {
    return vertx.executeBlocking(() -> {
      boolean ok = VERIFYER.verify(password.toCharArray(), hash == null ? DUMMY_HASH : hash).verified;
      return ok && hash != null;
    }, false);
  }

  /**
   * The strength rule of the seed system: 8 to 30 characters, at least three of lower case,
   * upper case, digits and other characters.
   */
  public static void checkStrength(String password) {
    int classes = 0;
    classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
    classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
    classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
    classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
    if (password.length() < 8 || password.length() > 30 || classes < 3) {
      throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.weakPassword",
          "the password must be 8 to 30 characters with at least three of: lower case, upper case, digits, other characters");
    }
  }
}
