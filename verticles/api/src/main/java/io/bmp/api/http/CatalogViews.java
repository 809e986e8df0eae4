package io.bmp.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
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
import java.io.IOException;
import java.util.List;

/** JSON views of the operator platform's objects; credentials appear only as {@code hasBmcPassword}. */
public final class CatalogViews {

  private CatalogViews() {}

  /** A room as Owner and Operator see it, with its default BMC user. */
  public static JsonObject room(Room r) {
    return tenantRoom(r).put("bmcUser", r.bmcUser());
  }

  /** A room as a tenant sees it: where it is, not how its machines' BMCs are logged in to. */
  public static JsonObject tenantRoom(Room r) {
    return new JsonObject().put("id", r.id()).put("name", r.name()).put("nameEn", r.nameEn())
        .put("shortName", r.shortName()).put("level", r.level()).put("address", r.address())
        .put("description", r.description()).put("hasBmcPassword", r.hasBmcPassword())
        .put("createdAt", Views.time(r.createdAt())).put("version", r.version());
  }

  /** The view of a room for {@code caller}. */
  public static JsonObject room(Room r, io.bmp.api.auth.Caller caller) {
    return caller.role() == io.bmp.core.domain.Role.USER ? tenantRoom(r) : room(r);
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
        .put("nicAmount", t.nicAmount()).put("interfaceMode", t.interfaceMode())
        .put("gpuManufacturer", t.gpu() == null ? null : t.gpu().manufacturer())
        .put("gpuModel", t.gpu() == null ? null : t.gpu().model()).put("gpuAmount", t.gpu() == null ? null : t.gpu().amount())
        .put("bootModes", new JsonArray(t.bootModes()))
        .put("needRaid", t.needRaid()).put("description", t.description()).put("volumes", volumes)
        .put("stock", t.stock()).put("createdAt", Views.time(t.createdAt())).put("version", t.version());
  }

  public static JsonObject device(Device d) {
    return ((JsonBody) out -> device(out, d)).toJsonObject();
  }

  /** A device as JSON, written field by field (the device list writes pages of these). */
  public static void device(JsonGenerator out, Device d) throws IOException {
    out.writeStartObject();
    JsonBody.field(out, DeviceFields.ID, d.id());
    JsonBody.field(out, DeviceFields.SN, d.sn());
    JsonBody.field(out, DeviceFields.ROOM_ID, d.roomId());
    JsonBody.field(out, DeviceFields.DEVICE_TYPE_ID, d.deviceTypeId());
    JsonBody.field(out, DeviceFields.STATE, d.state().wire());
    JsonBody.field(out, DeviceFields.STATE_REASON, d.stateReason());
    JsonBody.field(out, DeviceFields.POWER_STATE, d.powerState());
    JsonBody.field(out, DeviceFields.POWER_SINCE, Views.time(d.powerSince()));
    JsonBody.field(out, DeviceFields.CABINET, d.cabinet());
    JsonBody.field(out, DeviceFields.U_POSITION, d.uPosition());
    JsonBody.field(out, DeviceFields.BMC_TYPE, d.bmcType());
    JsonBody.field(out, DeviceFields.BMC_ADDRESS, d.bmcAddress());
    JsonBody.field(out, DeviceFields.BMC_PORT, d.bmcPort());
    JsonBody.field(out, DeviceFields.BMC_USER, d.bmcUser());
    JsonBody.field(out, DeviceFields.HAS_BMC_PASSWORD, d.bmcPasswordEnc() != null && !d.bmcPasswordEnc().isEmpty());
    JsonBody.field(out, DeviceFields.MGMT_IPV4, d.mgmtIpv4());
    JsonBody.field(out, DeviceFields.MGMT_MASK, d.mgmtMask());
    JsonBody.field(out, DeviceFields.MGMT_GATEWAY, d.mgmtGateway());
    JsonBody.field(out, DeviceFields.MGMT_IPV6, d.mgmtIpv6());
    JsonBody.field(out, DeviceFields.INSTANCE_ID, d.instanceId());
    JsonBody.field(out, DeviceFields.DESCRIPTION, d.description());
    out.writeFieldName(DeviceFields.INTERFACES);
    out.writeStartArray();
    for (NetworkInterface n : d.interfaces()) {
      out.writeStartObject();
      JsonBody.field(out, DeviceFields.NAME, n.name());
      JsonBody.field(out, DeviceFields.MAC, n.mac());
      JsonBody.field(out, DeviceFields.ROLE, n.role());
      JsonBody.field(out, DeviceFields.SWITCH_IP, n.switchIp());
      JsonBody.field(out, DeviceFields.SWITCH_PORT, n.switchPort());
      out.writeEndObject();
    }
    out.writeEndArray();
    JsonBody.field(out, DeviceFields.CREATED_AT, Views.time(d.createdAt()));
    JsonBody.field(out, DeviceFields.VERSION, d.version());
    out.writeEndObject();
  }

  /** The device view's field names, encoded once (see {@link JsonBody#name}). */
  private static final class DeviceFields {
    static final SerializableString ID = JsonBody.name("id");
    static final SerializableString SN = JsonBody.name("sn");
    static final SerializableString ROOM_ID = JsonBody.name("roomId");
    static final SerializableString DEVICE_TYPE_ID = JsonBody.name("deviceTypeId");
    static final SerializableString STATE = JsonBody.name("state");
    static final SerializableString STATE_REASON = JsonBody.name("stateReason");
    static final SerializableString POWER_STATE = JsonBody.name("powerState");
    static final SerializableString POWER_SINCE = JsonBody.name("powerSince");
    static final SerializableString CABINET = JsonBody.name("cabinet");
    static final SerializableString U_POSITION = JsonBody.name("uPosition");
    static final SerializableString BMC_TYPE = JsonBody.name("bmcType");
    static final SerializableString BMC_ADDRESS = JsonBody.name("bmcAddress");
    static final SerializableString BMC_PORT = JsonBody.name("bmcPort");
    static final SerializableString BMC_USER = JsonBody.name("bmcUser");
    static final SerializableString HAS_BMC_PASSWORD = JsonBody.name("hasBmcPassword");
    static final SerializableString MGMT_IPV4 = JsonBody.name("mgmtIpv4");
    static final SerializableString MGMT_MASK = JsonBody.name("mgmtMask");
    static final SerializableString MGMT_GATEWAY = JsonBody.name("mgmtGateway");
    static final SerializableString MGMT_IPV6 = JsonBody.name("mgmtIpv6");
    static final SerializableString INSTANCE_ID = JsonBody.name("instanceId");
    static final SerializableString DESCRIPTION = JsonBody.name("description");
    static final SerializableString NAME = JsonBody.name("name");
    static final SerializableString MAC = JsonBody.name("mac");
    static final SerializableString ROLE = JsonBody.name("role");
    static final SerializableString SWITCH_IP = JsonBody.name("switchIp");
    static final SerializableString SWITCH_PORT = JsonBody.name("switchPort");
    static final SerializableString CREATED_AT = JsonBody.name("createdAt");
    static final SerializableString VERSION = JsonBody.name("version");
    static final SerializableString INTERFACES = JsonBody.name("interfaces");

    private DeviceFields() {}
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
      JsonObject json = new JsonObject().put("mountPoint", p.mountPoint()).put("fsType", p.fsType()).put("sizeMb", p.sizeMb())
          .put("volume", p.volume());
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
