package io.bmp.scheduler;

import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.Task;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * What the steps of one task work with, read once when the task starts running: the device, its
 * room and BMC, the NIC it boots from, and for instance tasks the instance, its image, partitions,
 * SSH keys and (only while an install needs it) the password's SHA-512 crypt hash. The password
 * itself never leaves central.
 */
record TaskContext(Task task, JsonObject params, Device device, Room room, Instance instance, Image image,
    List<Partition> partitions, List<String> sshKeys, String passwordHash) {

  String deviceId() {
    return device != null ? device.id() : task.deviceId();
  }

  /** A context of the task alone, for when its device, instance or keys could not be loaded. */
  static TaskContext unloaded(Task task) {
    return new TaskContext(task, new JsonObject(), null, null, null, null, List.of(), List.of(), null);
  }

  String roomId() {
    return device.roomId();
  }

  /** The NIC the node network-boots from: the lowest-numbered one. */
  NetworkInterface bootNic() {
    return device.interfaces().stream().min(Comparator.comparingInt(NetworkInterface::index))
        .orElseThrow(() -> BmpException.localized(ErrorCode.INVALID_STATE, "error.noNic",
            "device " + device.id() + " has no network interface to boot from", device.id()));
  }

  /** The device's BMC, with the room's default account where the device has none of its own. */
  Bmc bmc() {
    String user = device.bmcUser() != null ? device.bmcUser() : room.bmcUser();
    String password = device.bmcPasswordEnc() != null ? device.bmcPasswordEnc() : room.bmcPasswordEnc();
    return Bmc.of(device.id(), device.bmcType(), device.bmcAddress(), device.bmcPort(), user, password);
  }

  String bootMode() {
    String asked = params.getString("bootMode");
    return asked != null ? asked : instance != null ? instance.bootMode() : "uefi";
  }

  String hostname() {
    String asked = params.getString("hostname");
    return asked != null ? asked : instance != null ? instance.hostname() : device.sn().toLowerCase();
  }

  boolean keepData() {
    return params.getBoolean("keepData", false);
  }

  /** The partition layout as the agent reads it. */
  JsonArray partitionsJson() {
    JsonArray parts = new JsonArray();
    for (Partition p : partitions) {
      parts.add(new JsonObject().put("mountPoint", p.mountPoint()).put("fsType", p.fsType()).put("sizeMb", p.sizeMb())
          .put("label", p.label()));
    }
    return parts;
  }
}
