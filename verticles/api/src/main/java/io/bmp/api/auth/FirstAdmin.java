package io.bmp.api.auth;

import io.bmp.api.ApiContext;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.crypto.Tokens;
import io.bmp.core.domain.Role;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first Owner, "admin", when the platform has no user at all: with the password from
 * {@code BMP_ADMIN_PASSWORD} if set, else a random one that is printed once and written to
 * {@code <data>/admin-password} (mode 0600). There is no default password anywhere. Several api
 * instances starting at once race on the unique user name; the losers do nothing.
 */
public final class FirstAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
  public static final String USERNAME = "admin";

  private FirstAdmin() {}

  public static Future<Void> ensure(ApiContext api, String configuredPassword, Path dataDir) {
    return api.users.countAll().compose(count -> {
      if (count > 0) {
        return Future.succeededFuture();
      }
      boolean generated = configuredPassword == null || configuredPassword.isBlank();
      String password = generated ? Tokens.next("").substring(0, 12) + "-Aa1" : configuredPassword;
      if (!generated) {
        Passwords.checkStrength(password);
      }
      return new Accounts(api).create(USERNAME, password, Role.OWNER, null, null, null, "en-US", "UTC",
              "The first administrator")
          .compose(user -> generated ? writePassword(api, dataDir, password) : Future.succeededFuture())
          .onSuccess(v -> LOG.info("FIRST-ADMIN created user '{}' ({})", USERNAME,
              generated ? "password written to " + dataDir.resolve("admin-password") : "password from BMP_ADMIN_PASSWORD"))
          .recover(failure -> failure instanceof BmpException bmp && bmp.code() == ErrorCode.ALREADY_EXISTS
              ? Future.succeededFuture() : Future.failedFuture(failure));
    });
  }

  private static Future<Void> writePassword(ApiContext api, Path dataDir, String password) {
    return api.vertx.executeBlocking(() -> {
      Path file = dataDir.resolve("admin-password");
      Files.createDirectories(dataDir);
      SecretBox.writePrivate(file, password + "\n");
      // Printed once, on the console of whoever started the node, and never logged again.
      System.out.println("BMP first administrator: user 'admin', password '" + password + "' (also in " + file + ")");
      return null;
    }, false);
  }
}
