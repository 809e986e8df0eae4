package io.bmp.scheduler;

import static io.bmp.scheduler.StepKind.AGENT_CHECKIN;
import static io.bmp.scheduler.StepKind.AGENT_CLEAN;
import static io.bmp.scheduler.StepKind.AGENT_CLOUD_INIT;
import static io.bmp.scheduler.StepKind.AGENT_FORMAT;
import static io.bmp.scheduler.StepKind.AGENT_INVENTORY;
import static io.bmp.scheduler.StepKind.AGENT_PARTITION;
import static io.bmp.scheduler.StepKind.AGENT_PASSWORD;
import static io.bmp.scheduler.StepKind.AGENT_RAID;
import static io.bmp.scheduler.StepKind.AGENT_WIPE;
import static io.bmp.scheduler.StepKind.AGENT_WRITE_IMAGE;
import static io.bmp.scheduler.StepKind.BOOT_DISK;
import static io.bmp.scheduler.StepKind.BOOT_PXE;
import static io.bmp.scheduler.StepKind.DHCP_RELEASE;
import static io.bmp.scheduler.StepKind.DHCP_RESERVE;
import static io.bmp.scheduler.StepKind.DRIVER_CHECK;
import static io.bmp.scheduler.StepKind.GUEST_CHECKIN;
import static io.bmp.scheduler.StepKind.IMAGE_PIN;
import static io.bmp.scheduler.StepKind.POWER_CYCLE;
import static io.bmp.scheduler.StepKind.POWER_OFF;
import static io.bmp.scheduler.StepKind.POWER_ON;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows: which steps, in which order, each kind of task is made of. The seed's command chains
 * (seed-bmp.md section 3.3) are the checklist, with three changes: every DHCP step waits for the
 * room's acknowledgement, RAID is skipped unless the instance asks for one, and an install ends with
 * the installed OS's own check-in instead of a timer.
 */
final class Flows {

  private Flows() {}

  static List<StepKind> plan(TaskContext ctx) {
    String kind = ctx.task().kind();
    List<StepKind> steps = new ArrayList<>();
    switch (kind) {
      case "shelve" -> steps.add(DRIVER_CHECK);
      case "unshelve" -> steps.add(DHCP_RELEASE);
      case "collect" -> {
        liveOs(steps);
        if (ctx.params().getBoolean("clearRaid", false)) {
          steps.add(AGENT_CLEAN);
        }
        steps.addAll(List.of(AGENT_INVENTORY, DHCP_RELEASE, POWER_OFF));
      }
      case "install", "reinstall" -> {
        requireInstance(ctx);
        if (ctx.image().url() != null && ctx.image().url().startsWith("store:")) {
          steps.add(IMAGE_PIN);
        }
        liveOs(steps);
        if (kind.equals("reinstall") && !ctx.keepData()) {
          steps.add(AGENT_CLEAN);
        }
        if (ctx.systemRaid() != null || ctx.dataRaid() != null) {
          steps.add(AGENT_RAID); // with keepData, the data volume's array is assembled again, not built anew
        }
        if (!ctx.image().format().startsWith("raw") && !ctx.image().format().equals("qcow2")) {
          steps.addAll(List.of(AGENT_PARTITION, AGENT_FORMAT)); // tar images go into partitions made here
        }
        steps.add(AGENT_WRITE_IMAGE);
        if (ctx.passwordHash() != null) {
          steps.add(AGENT_PASSWORD);
        }
        steps.addAll(List.of(AGENT_CLOUD_INIT, DHCP_RELEASE, BOOT_DISK, POWER_CYCLE, GUEST_CHECKIN));
      }
      case "delete" -> {
        liveOs(steps);
        steps.addAll(List.of(AGENT_WIPE, DHCP_RELEASE, POWER_OFF));
      }
      case "reset_password" -> {
        liveOs(steps);
        steps.addAll(List.of(AGENT_PASSWORD, DHCP_RELEASE, BOOT_DISK, POWER_OFF));
      }
      case "power_on" -> steps.addAll(List.of(BOOT_DISK, POWER_ON, GUEST_CHECKIN));
      case "power_off" -> steps.add(POWER_OFF);
      case "power_cycle" -> steps.addAll(List.of(BOOT_DISK, POWER_CYCLE, GUEST_CHECKIN));
      default -> throw new BmpException(ErrorCode.UNSUPPORTED_ACTION, "the scheduler has no flow for task kind " + kind);
    }
    return steps;
  }

  /** Network-boot into the LiveOS and wait for its agent. */
  private static void liveOs(List<StepKind> steps) {
    steps.addAll(List.of(DHCP_RESERVE, BOOT_PXE, POWER_CYCLE, AGENT_CHECKIN));
  }

  private static void requireInstance(TaskContext ctx) {
    if (ctx.instance() == null || ctx.image() == null) {
      throw new BmpException(ErrorCode.INVALID_STATE, "task " + ctx.task().id() + " has no live instance to install");
    }
  }
}
