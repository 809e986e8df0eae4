package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.TenantViews;
import io.bmp.api.http.Views;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.Project;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.ProjectRepository.Access;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Projects: create, rename, delete, share, transfer, and moving instances between them. */
public final class ProjectHandlers {

  private final ApiContext api;
  private final Tenancy tenancy;

  public ProjectHandlers(ApiContext api) {
    this.api = api;
    this.tenancy = new Tenancy(api);
  }

  public void register(OperationTable table) {
    table.on("listProjects", this::list).on("createProject", this::create).on("getProject", this::get)
        .on("updateProject", this::update).on("deleteProject", this::delete).on("shareProject", this::share)
        .on("unshareProject", this::unshare).on("transferProject", this::transfer).on("moveInstances", this::move);
  }

  private Future<Reply> list(Call call) {
    Caller caller = call.caller();
    String visibleTo = caller.role().operates() ? null : caller.userId();
    return api.projects.pageVisibleTo(visibleTo, call.query("name"), call.page(), call.sort())
        .map(page -> Reply.ok(Views.page(page, p -> view(caller, p))));
  }

  private Future<Reply> create(Call call) {
    JsonObject b = call.body();
    Project project = new Project(Ids.next("project"), b.getString("name"), call.caller().userId(), false,
        b.getString("description"), List.of(), null, null, 0);
    return api.projects.create(project).map(p -> Reply.created(view(call.caller(), p), p.id()));
  }

  private Future<Reply> get(Call call) {
    return tenancy.readableProject(call.caller(), call.path("id")).map(p -> Reply.ok(view(call.caller(), p)));
  }

  private Future<Reply> update(Call call) {
    JsonObject b = call.body();
    return tenancy.ownedProject(call.caller(), call.path("id"))
        .compose(p -> api.projects.rename(p.id(), b.getInteger("version"), b.getString("name"), b.getString("description")))
        .map(p -> Reply.ok(view(call.caller(), p)));
  }

  private Future<Reply> delete(Call call) {
    return tenancy.ownedProject(call.caller(), call.path("id"))
        .compose(p -> api.projects.delete(p.id())).map(v -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> share(Call call) {
    JsonObject b = call.body();
    String username = b.getString("username");
    return tenancy.ownedProject(call.caller(), call.path("id"))
        .compose(p -> userNamed(username).compose(user -> {
          if (user.equals(p.ownerId())) {
            return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.shareSelf",
                "a project cannot be shared with its owner"));
          }
          return api.projects.share(p.id(), user, b.getString("permission"));
        }))
        .map(p -> Reply.ok(view(call.caller(), p)));
  }

  private Future<Reply> unshare(Call call) {
    return tenancy.ownedProject(call.caller(), call.path("id"))
        .compose(p -> api.projects.unshare(p.id(), call.path("userId"))).map(p -> Reply.noContent(call.path("id")));
  }

  private Future<Reply> transfer(Call call) {
    JsonObject b = call.body();
    return tenancy.ownedProject(call.caller(), call.path("id"))
        .compose(p -> userNamed(b.getString("username")).compose(newOwner -> newOwner.equals(p.ownerId())
            ? Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.transferSelf",
                "the project already belongs to that user"))
            : api.projects.transfer(p.id(), b.getInteger("version"), newOwner)))
        .map(p -> Reply.ok(view(call.caller(), p)));
  }

  /**
   * Moves instances into this project, which the caller must be able to write; each instance must
   * be in a project the caller owns (or the caller operates the platform).
   */
  private Future<Reply> move(Call call) {
    Caller caller = call.caller();
    List<String> ids = CatalogHandlers.strings(call.body().getJsonArray("instanceIds"));
    return tenancy.writableProject(caller, call.path("id")).compose(target -> {
      List<Future<Instance>> checks = ids.stream().map(id -> tenancy.movableInstance(caller, id)).toList();
      return Future.join(checks).transform(done -> {
        List<String> movable = new ArrayList<>();
        JsonArray results = new JsonArray();
        for (int i = 0; i < ids.size(); i++) {
          Future<Instance> check = checks.get(i);
          if (check.succeeded()) {
            movable.add(ids.get(i));
            results.add(new JsonObject().put("instanceId", ids.get(i)).put("ok", true));
          } else {
            results.add(Batch.failure(ids.get(i), check.cause(), call));
          }
        }
        return (movable.isEmpty() ? Future.<Void>succeededFuture() : api.instances.moveTo(movable, target.id()))
            .map(v -> Reply.ok(new JsonObject().put("items", results)).on(target.id()));
      });
    });
  }

  private Future<String> userNamed(String username) {
    return api.users.findByUsername(username).map(u -> u.orElseThrow(() -> BmpException.localized(ErrorCode.NOT_FOUND,
        "error.notFound", "user " + username + " not found", "noun.user", username)).id());
  }

  private static JsonObject view(Caller caller, Project p) {
    boolean owner = p.ownerId().equals(caller.userId());
    String permission = owner ? "owner" : caller.role().operates() ? "operator"
        : p.shares().stream().filter(s -> s.userId().equals(caller.userId())).map(s -> s.permission().toLowerCase(Locale.ROOT))
            .findFirst().orElse("read");
    return TenantViews.project(p, permission, owner || caller.role().operates());
  }

  static boolean canWrite(Access access) {
    return access.canWrite();
  }
}
