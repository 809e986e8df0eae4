package io.bmp.api.http;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.OperatingSystem;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.RaidLevel;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.domain.Volume;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** JSON views of the operator platform's objects; credentials appear only as {@code hasBmcPassword}. */
public final class CatalogViews {

  private CatalogViews() {}

  public static JsonObject room(Room r) {
    return new JsonObject().put("id", r.id()).put("name", r.name()).put("nameEn", r.nameEn())
        .put("shortName", r.shortName()).put("level", r.level()).put("address", r.address())
        .put("description", r.description()).put("bmcUser", r.bmcUser()).put("hasBmcPassword", r.hasBmcPassword())
        .put("createdAt", Views.time(r.createdAt())).put("version", r.version());
  }

  public static JsonObject raidLevel(RaidLevel r, String language) {
    return new JsonObject().put("id", r.id()).put("name", r.name()).put("minDisks", r.minDisks())
        .put("description", I18n.ZH.equals(language) ? r.descriptionZh() : r.descriptionEn());
  }

  public static JsonObject volume(Volume v) {
    return new JsonObject().put("id", v.id()).put("name", v.name()).put("volumeType", v.volumeType())
        .put("diskType", v.diskType()).put("interfaceType", v.interfaceType()).put("sizeGb", v.sizeGb())
        .put("amount", v.amount()).put("raidLevelIds", new JsonArray(v.raidLevelIds()));
  }

  public static JsonObject deviceType(DeviceType t) {
    JsonArray volumes = new JsonArray();
    t.volumes().forEach(v -> volumes.add(volume(v)));
    return new JsonObject().put("id", t.id()).put("roomId", t.roomId()).put("name", t.name())
        .put("specCode", t.specCode()).put("series", t.series()).put("architecture", t.architecture())
        .put("cpuAmount", t.cpuAmount()).put("cpuCores", t.cpuCores()).put("memSizeGb", t.memSizeGb())
        .put("nicAmount", t.nicAmount()).put("interfaceMode", t.interfaceMode()).put("bootModes", new JsonArray(t.bootModes()))
        .put("needRaid", t.needRaid()).put("description", t.description()).put("volumes", volumes)
        .put("stock", t.stock()).put("createdAt", Views.time(t.createdAt())).put("version", t.version());
  }

  public static JsonObject device(Device d) {
    JsonArray nics = new JsonArray();
    for (NetworkInterface n : d.interfaces()) {
      nics.add(new JsonObject().put("name", n.name()).put("mac", n.mac()).put("role", n.role())
          .put("switchIp", n.switchIp()).put("switchPort", n.switchPort()));
    }
    return new JsonObject().put("id", d.id()).put("sn", d.sn()).put("roomId", d.roomId())
        .put("deviceTypeId", d.deviceTypeId()).put("state", d.state().wire()).put("stateReason", d.stateReason())
        .put("cabinet", d.cabinet()).put("uPosition", d.uPosition()).put("bmcType", d.bmcType())
        .put("bmcAddress", d.bmcAddress()).put("bmcPort", d.bmcPort()).put("bmcUser", d.bmcUser())
        .put("hasBmcPassword", d.bmcPasswordEnc() != null && !d.bmcPasswordEnc().isEmpty())
        .put("mgmtIpv4", d.mgmtIpv4()).put("mgmtMask", d.mgmtMask()).put("mgmtGateway", d.mgmtGateway())
        .put("instanceId", d.instanceId()).put("description", d.description()).put("interfaces", nics)
        .put("createdAt", Views.time(d.createdAt())).put("version", d.version());
  }

  public static JsonObject disk(io.bmp.core.domain.Disk d) {
    return new JsonObject().put("name", d.name()).put("devicePath", d.devicePath()).put("serialNumber", d.serialNumber())
        .put("sizeBytes", d.sizeBytes()).put("diskType", d.diskType()).put("interfaceType", d.interfaceType())
        .put("controller", d.controller()).put("enclosure", d.enclosure()).put("slot", d.slot()).put("volumeId", d.volumeId());
  }

  public static JsonObject os(OperatingSystem o) {
    return new JsonObject().put("id", o.id()).put("name", o.name()).put("osType", o.osType())
        .put("osVersion", o.osVersion()).put("architecture", o.architecture()).put("bits", o.bits()).put("sysUser", o.sysUser());
  }

  public static JsonObject image(Image i) {
    return new JsonObject().put("id", i.id()).put("name", i.name()).put("osId", i.osId()).put("osType", i.osType())
        .put("osVersion", i.osVersion()).put("architecture", i.architecture()).put("bootModes", new JsonArray(i.bootModes()))
        .put("format", i.format()).put("fileName", i.fileName()).put("url", i.url()).put("sizeBytes", i.sizeBytes())
        .put("sha256", i.sha256()).put("source", i.source()).put("state", i.state()).put("description", i.description())
        .put("createdAt", Views.time(i.createdAt()));
  }

  public static JsonObject layout(String imageId, String bootMode, List<Partition> partitions) {
    JsonArray list = new JsonArray();
    for (Partition p : partitions) {
      JsonObject json = new JsonObject().put("mountPoint", p.mountPoint()).put("fsType", p.fsType()).put("sizeMb", p.sizeMb());
      if (p.label() != null) {
        json.put("label", p.label());
      }
      list.add(json);
    }
    return new JsonObject().put("imageId", imageId).put("bootMode", bootMode).put("partitions", list);
  }

  public static JsonObject task(Task t) {
    JsonArray steps = new JsonArray();
    for (TaskStep s : t.steps()) {
      steps.add(new JsonObject().put("ordinal", s.ordinal()).put("kind", s.kind()).put("state", s.state().wire())
          .put("attempts", s.attempts()).put("maxAttempts", s.maxAttempts()).put("startedAt", Views.time(s.startedAt()))
          .put("finishedAt", Views.time(s.finishedAt())).put("deadlineAt", Views.time(s.deadlineAt()))
          .put("durationMillis", s.startedAt() == null || s.finishedAt() == null ? null
              : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli())
          .put("progressDone", s.progressDone()).put("progressTotal", s.progressTotal())
          .put("errorCode", s.errorCode()).put("errorMessage", s.errorMessage()));
    }
    return new JsonObject().put("id", t.id()).put("kind", t.kind()).put("deviceId", t.deviceId())
        .put("instanceId", t.instanceId()).put("state", t.state().wire()).put("currentStep", t.currentStep())
        .put("errorCode", t.errorCode()).put("errorMessage", t.errorMessage()).put("createdAt", Views.time(t.createdAt()))
        .put("startedAt", Views.time(t.startedAt())).put("finishedAt", Views.time(t.finishedAt())).put("steps", steps);
  }
}
