package io.bmp.api.http;

import io.bmp.core.domain.AuditEntry;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.Message;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Project;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON views of tenant objects; the install secret and user data never appear. */
public final class TenantViews {

  private TenantViews() {}

  /** A project as {@code callerId} sees it: its shares only for its owner (or an operator). */
  public static JsonObject project(Project p, String permission, boolean showShares) {
    JsonArray shares = new JsonArray();
    if (showShares) {
      p.shares().forEach(s -> shares.add(new JsonObject().put("userId", s.userId()).put("username", s.username())
          .put("permission", s.permission())));
    }
    return new JsonObject().put("id", p.id()).put("name", p.name()).put("ownerId", p.ownerId())
        .put("isDefault", p.isDefault()).put("description", p.description()).put("permission", permission)
        .put("shares", shares).put("createdAt", Views.time(p.createdAt())).put("version", p.version());
  }

  public static JsonObject instance(Instance i) {
    JsonArray partitions = new JsonArray();
    for (Partition p : i.partitions()) {
      JsonObject json = new JsonObject().put("mountPoint", p.mountPoint()).put("fsType", p.fsType()).put("sizeMb", p.sizeMb())
          .put("volume", p.volume());
      if (p.label() != null) {
        json.put("label", p.label());
      }
      partitions.add(json);
    }
    return new JsonObject().put("id", i.id()).put("projectId", i.projectId()).put("userId", i.userId())
        .put("roomId", i.roomId()).put("deviceId", i.deviceId()).put("deviceTypeId", i.deviceTypeId())
        .put("imageId", i.imageId()).put("name", i.name()).put("hostname", i.hostname()).put("status", i.status().wire())
        .put("statusReason", i.statusReason()).put("locked", i.locked()).put("bootMode", i.bootMode())
        .put("systemRaidId", i.systemRaidId()).put("dataRaidId", i.dataRaidId()).put("description", i.description()).put("partitions", partitions)
        .put("sshKeyIds", new JsonArray(i.sshKeyIds())).put("createdAt", Views.time(i.createdAt()))
        .put("version", i.version());
  }

  public static JsonObject audit(AuditEntry e) {
    return new JsonObject().put("id", e.id()).put("occurredAt", Views.time(e.occurredAt())).put("userId", e.userId())
        .put("username", e.username()).put("operation", e.operation()).put("targetId", e.targetId())
        .put("result", e.result()).put("errorCode", e.errorCode()).put("detail", e.detail())
        .put("requestId", e.requestId()).put("sourceIp", e.sourceIp());
  }

  public static JsonObject message(Message m) {
    return new JsonObject().put("id", m.id()).put("type", m.type()).put("subType", m.subType()).put("title", m.title())
        .put("content", m.content()).put("resourceType", m.resourceType()).put("resourceId", m.resourceId())
        .put("read", m.read()).put("createdAt", Views.time(m.createdAt()));
  }
}
