package io.bmp.agent.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * The machine the agent installs: every operation the scheduler's agent steps ask for. Each call
 * blocks (it writes disks and runs tools), so the agent calls it off the event loop. Each is safe
 * to run again after an interruption: it starts from scratch and leaves the same result.
 *
 * <p>Two implementations: {@link SimulatedHost} (sparse files as disks, for the lab and the tests)
 * and {@link io.bmp.agent.host.linux.LinuxHost}, the real machine a LiveOS runs on.
 */
public interface Host {

  /** Reports how far a long operation got. */
  @FunctionalInterface
  interface Progress {
    void report(long done, long total);
  }

  /** CPU, memory, disks and NICs (with LLDP neighbours where known). */
  JsonObject inventory() throws IOException;

  /** Removes partition tables, filesystem signatures and (when asked) RAID volumes from every disk. */
  void clean(boolean clearRaid) throws IOException;

  /**
   * Builds the system volume at RAID {@code systemLevel} and the data volume at {@code dataLevel}
   * (either null: none) over their disks; with {@code keepData}, the data volume's array is
   * assembled again instead. Returns the block devices they became.
   */
  JsonObject raid(String systemLevel, String dataLevel, Volumes volumes, boolean keepData) throws IOException;

  /**
   * Writes a fresh GPT on the system volume for the layout (with the EFI or BIOS-boot partition
   * the boot mode needs) and one on the data volume for the partitions on {@code data}; with
   * {@code keepData}, the data volume's partitions are found as they are instead.
   */
  JsonObject partition(String bootMode, boolean keepData, JsonArray partitions, Volumes volumes) throws IOException;

  /** Makes the filesystems of the layout. */
  JsonObject format(JsonArray partitions) throws IOException;

  /**
   * Streams an image onto the system disk (raw formats) or into its root filesystem (tar formats),
   * checking the SHA-256 of the bytes as they arrive; throws {@link ImageException} on a mismatch.
   */
  JsonObject writeImage(ImageSource source, Progress progress) throws IOException;

  /** Sets the password hash (SHA-512 crypt) of {@code user} in the installed system. */
  void setPassword(String user, String hash) throws IOException;

  /** Writes the cloud-init NoCloud seed (meta-data, network-config, user-data) and the guest agent's settings. */
  void cloudInit(JsonObject seed) throws IOException;

  /**
   * The guest agent's settings (endpoint, guest token) the last install left in the installed system,
   * or null if none did: what the installed OS calls back with when it boots.
   */
  JsonObject guestSettings() throws IOException;

  /** Overwrites every disk so nothing of the tenant's data can be read back. */
  JsonObject wipe(Progress progress) throws IOException;
}
