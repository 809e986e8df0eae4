package io.bmp.scheduler;

import io.bmp.core.contract.AgentContract;
import java.util.Arrays;
import java.util.Optional;

/**
 * The step catalogue: every kind of step a flow is made of, who carries it out and its default
 * timeout and attempts (the seed's per-action timeouts of seed-bmp.md section 3.2, kept where they
 * were sound). Operators override any of them under {@code steps.<kind>} in the scheduler config.
 */
enum StepKind {
  IMAGE_PIN("image.pin", Actor.ROOM, 600, 3),
  DHCP_RESERVE("dhcp.reserve", Actor.ROOM, 30, 3),
  DHCP_RELEASE("dhcp.release", Actor.ROOM, 30, 3),
  DRIVER_CHECK("driver.check", Actor.ROOM, 60, 3),
  BOOT_PXE("driver.boot-pxe", Actor.ROOM, 60, 3),
  BOOT_DISK("driver.boot-disk", Actor.ROOM, 60, 3),
  POWER_CYCLE("driver.power-cycle", Actor.ROOM, 180, 3),
  POWER_ON("driver.power-on", Actor.ROOM, 180, 3),
  POWER_OFF("driver.power-off", Actor.ROOM, 180, 3),
  /**
   * The PXE boot into the LiveOS, up to the agent's check-in (the seed's Ping: 1800 s). A second
   * attempt boots the machine again first (a boot lost to a BMC that cycled the power twice, a
   * firmware that gave up on TFTP).
   */
  AGENT_CHECKIN("agent.checkin", Actor.AGENT, 1800, 2),
  AGENT_INVENTORY("agent.inventory", Actor.AGENT, 600, 2, AgentContract.INVENTORY),
  AGENT_CLEAN("agent.clean", Actor.AGENT, 1500, 2, AgentContract.CLEAN),
  AGENT_RAID("agent.raid", Actor.AGENT, 360, 2, AgentContract.RAID),
  AGENT_PARTITION("agent.partition", Actor.AGENT, 360, 2, AgentContract.PARTITION),
  AGENT_FORMAT("agent.format", Actor.AGENT, 360, 2, AgentContract.FORMAT),
  AGENT_WRITE_IMAGE("agent.write-image", Actor.AGENT, 1500, 2, AgentContract.WRITE_IMAGE),
  AGENT_PASSWORD("agent.password", Actor.AGENT, 180, 3, AgentContract.PASSWORD),
  AGENT_CLOUD_INIT("agent.cloud-init", Actor.AGENT, 180, 3, AgentContract.CLOUD_INIT),
  AGENT_WIPE("agent.wipe", Actor.AGENT, 1500, 2, AgentContract.WIPE),
  /** The installed OS calls back after the reboot: no call before the deadline fails the task. */
  GUEST_CHECKIN("guest.checkin", Actor.GUEST, 1800, 1);

  enum Actor { ROOM, AGENT, GUEST }

  private final String wire;
  private final Actor actor;
  private final StepPolicy defaults;
  private final String command;

  StepKind(String wire, Actor actor, long timeoutSeconds, int attempts) {
    this(wire, actor, timeoutSeconds, attempts, null);
  }

  StepKind(String wire, Actor actor, long timeoutSeconds, int attempts, String command) {
    this.wire = wire;
    this.actor = actor;
    this.defaults = new StepPolicy(timeoutSeconds * 1000, attempts);
    this.command = command;
  }

  String wire() {
    return wire;
  }

  Actor actor() {
    return actor;
  }

  StepPolicy defaults() {
    return defaults;
  }

  /** The agent command this step sends, for agent steps. */
  String command() {
    return command;
  }

  static Optional<StepKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
  }
}
