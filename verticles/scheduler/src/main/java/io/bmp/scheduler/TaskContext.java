package io.bmp.scheduler;

import io.bmp.core.contract.AgentContract;
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
import java.util.Map;

/**
 * What the steps of one task work with, read once when the task starts running: the device, its
 * room and BMC, the NIC it boots from, and for instance tasks the instance, its image, partitions,
 * SSH keys and (only while an install needs it) the password's SHA-512 crypt hash. The password
 * itself never leaves central. {@code raidLevels} names the RAID levels by id ({@code r-raid1} is
 * {@code RAID1}): the agent builds arrays by level name, not by the catalog's id.
 */
record TaskContext(Task task, JsonObject params, Device device, Room room, Instance instance, Image image,
    List<Partition> partitions, List<String> sshKeys, String passwordHash, Map<String, String> raidLevels) {

  String deviceId() {
    return device != null ? device.id() : task.deviceId();
  }

  /** A context of the task alone, for when its device, instance or keys could not be loaded. */
  static TaskContext unloaded(Task task) {
    return new TaskContext(task, new JsonObject(), null, null, null, null, List.of(), List.of(), null, Map.of());
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

  /** The system volume's RAID level by name, or null for none. */
  String systemRaid() {
    return raid(instance == null ? null : instance.systemRaidId());
  }

  /** The data volume's RAID level by name, or null for none. */
  String dataRaid() {
    return raid(instance == null ? null : instance.dataRaidId());
  }

  private String raid(String id) {
    String name = id == null ? null : raidLevels.getOrDefault(id, id); // an id not in the catalog: the agent names it
    return name == null || name.equalsIgnoreCase("noraid") ? null : name;
  }

  /**
   * How many disks the device type gives each volume, as the api put them in the task (0: not
   * known, for tasks from before volumes; the agent then keeps to the first disk, or the RAID
   * volume, as before).
   */
  JsonObject volumeDisks() {
    return new JsonObject().put("systemDisks", params.getInteger("systemDisks", 0))
        .put("dataDisks", params.getInteger("dataDisks", 0));
  }

  boolean keepData() {
    return params.getBoolean("keepData", false);
  }

  /** The partition layout as the agent reads it. */
  JsonArray partitionsJson() {
    return AgentContract.partitions(partitions);
  }
}
