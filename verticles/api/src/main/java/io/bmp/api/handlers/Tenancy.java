package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.Project;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.repo.ProjectRepository.Access;
import io.vertx.core.Future;

/**
 * Who reaches which tenant object. Owner and Operator reach every project and instance (the
 * operator platform manages all of them); a User reaches its own projects and those shared with
 * it, read or write. Anything out of reach answers 404, exactly like something that does not
 * exist, so tenant A learns nothing of tenant B.
 */
final class Tenancy {

  private final ApiContext api;

  Tenancy(ApiContext api) {
    this.api = api;
  }

  /** The caller's access to a project: OWNER/WRITE/READ for users, WRITE for operators. */
  Future<Access> access(Caller caller, String projectId) {
    if (caller.role().operates()) {
      return api.projects.find(projectId).map(p -> p.isEmpty() ? Access.NONE
          : p.get().ownerId().equals(caller.userId()) ? Access.OWNER : Access.WRITE);
    }
    return api.projects.access(caller.userId(), projectId);
  }

  Future<Project> readableProject(Caller caller, String projectId) {
    return access(caller, projectId).compose(a -> a.canRead() ? api.projects.get(projectId)
        : Future.failedFuture(notFound("noun.project", projectId)));
  }

  Future<Project> writableProject(Caller caller, String projectId) {
    return access(caller, projectId).compose(a -> {
      if (!a.canRead()) {
        return Future.failedFuture(notFound("noun.project", projectId));
      }
      if (!a.canWrite()) {
        return Future.failedFuture(readOnly("project", projectId));
      }
      return api.projects.get(projectId);
    });
  }

  /** The project if the caller owns it (or operates the platform); 404 otherwise, 403 for a shared one. */
  Future<Project> ownedProject(Caller caller, String projectId) {
    return access(caller, projectId).compose(a -> {
      if (!a.canRead()) {
        return Future.failedFuture(notFound("noun.project", projectId));
      }
      if (a != Access.OWNER && !caller.role().operates()) {
        return Future.failedFuture(BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.ownerOnly",
            "only the project's owner may do this"));
      }
      return api.projects.get(projectId);
    });
  }

  /**
   * The instance if the caller may read it; 404 otherwise. Whoever operates the platform reads
   * every instance, and a live instance's project is live (a project with instances cannot be
   * deleted), so for them the project and its shares are not read at all.
   */
  Future<Instance> readableInstance(Caller caller, String id) {
    return api.instances.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(notFound("noun.instance", id));
      }
      if (caller.role().operates()) {
        return Future.succeededFuture(found.get());
      }
      return access(caller, found.get().projectId()).compose(a -> a.canRead() ? Future.succeededFuture(found.get())
          : Future.failedFuture(notFound("noun.instance", id)));
    });
  }

  Future<Instance> writableInstance(Caller caller, String id) {
    return reachableInstance(caller, id,
        (i, a) -> a.canWrite() ? Future.succeededFuture(i) : Future.failedFuture(readOnly("instance", id)));
  }

  /**
   * The instance if the caller may take it out of its project: the project's owner or whoever
   * operates the platform. A write share lets a user change the instances in a project, not carry
   * them off into a project of its own, where the owner would no longer see them.
   */
  Future<Instance> movableInstance(Caller caller, String id) {
    return reachableInstance(caller, id, (i, a) -> a == Access.OWNER || caller.role().operates() ? Future.succeededFuture(i)
        : Future.failedFuture(BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.ownerOnly",
            "only the project's owner may do this")));
  }

  /** The instance and the caller's access to its project, for {@code then} to judge; 404 if the caller cannot even read it. */
  private Future<Instance> reachableInstance(Caller caller, String id,
      java.util.function.BiFunction<Instance, Access, Future<Instance>> then) {
    return api.instances.find(id).compose(found -> found.isEmpty() ? Future.failedFuture(notFound("noun.instance", id))
        : access(caller, found.get().projectId()).compose(a -> a.canRead() ? then.apply(found.get(), a)
            : Future.failedFuture(notFound("noun.instance", id))));
  }

  static BmpException notFound(String noun, String id) {
    String english = noun.equals("noun.instance") ? "instance" : noun.equals("noun.task") ? "task" : "project";
    return BmpException.localized(ErrorCode.NOT_FOUND, "error.notFound", english + " " + id + " not found", noun, id);
  }

  private static BmpException readOnly(String what, String id) {
    return BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.sharedReadOnly",
        "the " + what + " " + id + " is shared with you read-only", id);
  }
}
