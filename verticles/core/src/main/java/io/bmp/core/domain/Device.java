package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/**
 * A bare-metal server. The BMC password is stored encrypted and decrypted only in the driver of
 * the device's room. The power state is what the room's driver last read from the BMC ({@code
 * unknown} before its first reading and while the BMC does not answer), with since when.
 */
public record Device(
    String id, String sn, String roomId, String deviceTypeId, DeviceState state, String stateReason,
    String powerState, Instant powerSince, String cabinet, String uPosition, String bmcType, String bmcAddress,
    Integer bmcPort, String bmcUser, String bmcPasswordEnc, String mgmtIpv4, String mgmtMask, String mgmtGateway,
    String mgmtIpv6, String instanceId,
    String description, List<NetworkInterface> interfaces, Instant createdAt, Instant updatedAt, int version) {

  public Device {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
  }

  /** A device as imported: in stock, no instance, version 0. */
  public static Device imported(
      String id, String sn, String roomId, String deviceTypeId, String bmcAddress, String bmcUser,
      String bmcPasswordEnc, List<NetworkInterface> interfaces) {
    return new Device(id, sn, roomId, deviceTypeId, DeviceState.IN_STOCK, null, "unknown", null, null, null, "ipmi",
        bmcAddress, null, bmcUser, bmcPasswordEnc, null, null, null, null, null, null, interfaces, null, null, 0);
  }
}
