package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's installed server. The install password is kept (encrypted) only until the install
 * has consumed it and never leaves the server.
 */
public record Instance(
    String id, String projectId, String userId, String roomId, String deviceId, String deviceTypeId, String imageId,
    String name, String hostname, InstanceStatus status, String statusReason, boolean locked, String bootMode,
    String systemRaidId, String dataRaidId, String description, String secretEnc, String userData, List<Partition> partitions,
    List<String> sshKeyIds, Instant createdAt, Instant updatedAt, int version) {

  public Instance {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    sshKeyIds = sshKeyIds == null ? List.of() : List.copyOf(sshKeyIds);
  }
}
