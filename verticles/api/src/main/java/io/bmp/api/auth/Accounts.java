package io.bmp.api.auth;

import io.bmp.api.ApiContext;
import io.bmp.core.domain.Project;
import io.bmp.core.domain.Role;
import io.bmp.core.domain.User;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Creates users the one way: with a hashed password and a default project, in one transaction. */
public final class Accounts {

  private final ApiContext api;

  public Accounts(ApiContext api) {
    this.api = api;
  }

  /** A new user with its default project "default"; the password is hashed on a worker thread. */
  public Future<User> create(String username, String password, Role role, String email, String phonePrefix,
      String phone, String language, String timezone, String description) {
    String userId = Ids.next("user");
    String projectId = Ids.next("project");
    return api.passwords.hash(password).compose(hash -> api.database.inTransaction(tx ->
        api.users.create(tx, new User(userId, username, role, email, phonePrefix, phone,
                language == null ? "en-US" : language, timezone == null ? "UTC" : timezone, hash, null, description,
                null, null, null, 0))
            .compose(u -> api.projects.create(tx, new Project(projectId, "default", userId, true,
                "Default project of " + username, List.of(), null, null, 0)))
            .compose(p -> tx.preparedQuery("UPDATE users SET default_project_id = ? WHERE id = ?")
                .execute(Tuple.of(projectId, userId))))
        .compose(v -> api.users.get(userId)));
  }
}
