package io.bmp.agent.lab;

import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.bmp.protocols.ipmi.command.sel.SelRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The machine behind a simulated BMC: power (a change takes effect after a configurable delay, as
 * on real hardware, so a driver must read the state back rather than assume it), the boot flags a
 * BMC keeps (a next-boot-only flag is used up by the boot it applies to), an event log and a few
 * sensors. Confined to one thread (the BMC's event loop).
 */
public final class SimulatedNode {

  /** What the node booted from: the lab's NIC ROM runs the PXE path for {@link BootDevice#PXE}. */
  public record Boot(BootDevice device, boolean efi) {
  }

  private static final int SEL_CAPACITY = 1024;
  private static final int POWER_UNIT = 0x09;
  private static final int SENSOR_SPECIFIC = 0x6F;

  private final LongSupplier clockMillis;
  private final long powerDelayMillis;
  private boolean powerOn;
  private Boolean pendingPower;
  private long pendingAt;
  private BootFlags bootFlags = new BootFlags(false, false, false, BootDevice.NONE);
  private Boot lastBoot;
  private final List<SelRecord> sel = new ArrayList<>();
  private int nextSelId = 1;
  private long lastSelAddition;
  private long lastSelErase;
  private Consumer<Boot> onBoot = boot -> { };
  private Consumer<Boolean> onPower = on -> { };

  public SimulatedNode(LongSupplier clockMillis, long powerDelayMillis) {
    this.clockMillis = clockMillis;
    this.powerDelayMillis = powerDelayMillis;
  }

  /** Called whenever the node boots (power on or reset), after the boot flags were applied. */
  public void onBoot(Consumer<Boot> listener) {
    this.onBoot = listener;
  }

  /** Called whenever the power goes off or on (before the boot a power-on causes). */
  public void onPower(Consumer<Boolean> listener) {
    this.onPower = listener;
  }

  /**
   * Puts the node back as it was before its simulator restarted (the lab keeps it on disk): power
   * and boot flags as they were, with no boot and no event, since the machine never stopped.
   */
  public void restore(boolean on, BootFlags flags, Boot last) {
    this.powerOn = on;
    this.pendingPower = null;
    this.bootFlags = flags;
    this.lastBoot = last;
  }

  public boolean powerOn() {
    settle();
    return powerOn;
  }

  public BootFlags bootFlags() {
    return bootFlags;
  }

  public void bootFlags(BootFlags flags) {
    this.bootFlags = flags;
  }

  /** The last boot, or null before the first. */
  public Boot lastBoot() {
    return lastBoot;
  }

  public void powerUp() {
    settle();
    if (!powerOn && pendingPower == null) {
      schedule(true);
    }
  }

  public void powerDown() {
    settle();
    if (powerOn || Boolean.TRUE.equals(pendingPower)) {
      schedule(false);
    }
  }

  /** Off then on; a node that is off is simply switched on. */
  public void powerCycle() {
    settle();
    if (powerOn) {
      logPower(false);
      powerOn = false;
    }
    schedule(true);
  }

  /** Reboots a running node at once; false when it is off (nothing to reset). */
  public boolean reset() {
    settle();
    if (!powerOn) {
      return false;
    }
    boot();
    return true;
  }

  public List<SelRecord> sel() {
    settle();
    return List.copyOf(sel);
  }

  public long lastSelAddition() {
    return lastSelAddition;
  }

  public long lastSelErase() {
    return lastSelErase;
  }

  public int selFreeBytes() {
    return (SEL_CAPACITY - sel.size()) * SelRecord.LENGTH;
  }

  /** Adds an event (the lab injects faults this way; power changes add their own). */
  public SelRecord addEvent(int sensorType, int sensorNumber, int eventDirType, int data1, int data2, int data3) {
    if (sel.size() >= SEL_CAPACITY) {
      sel.remove(0); // a full SEL overwrites its oldest entries, as most BMCs are configured to
    }
    long now = clockMillis.getAsLong() / 1000;
    SelRecord record = new SelRecord(nextSelId, SelRecord.SYSTEM_EVENT, now, 0x0020, sensorType, sensorNumber, eventDirType,
        data1, data2, data3);
    nextSelId = nextSelId >= 0xFFFE ? 1 : nextSelId + 1;
    sel.add(record);
    lastSelAddition = now;
    return record;
  }

  public void clearSel() {
    sel.clear();
    lastSelErase = clockMillis.getAsLong() / 1000;
  }

  /** Raw sensor readings: warmer and with fans turning while the node is on. */
  public int reading(int sensorNumber) {
    boolean on = powerOn();
    return switch (sensorNumber) {
      case 1 -> on ? 48 : 24;   // CPU temperature, degrees C
      case 2 -> on ? 26 : 23;   // inlet temperature
      case 3 -> on ? 100 : 0;   // fan: ×60 RPM
      case 4 -> on ? 200 : 0;   // 12 V rail: ×0.06 V
      case 5 -> on ? 90 : 2;    // power: ×2 W
      default -> 0;
    };
  }

  private void schedule(boolean on) {
    pendingPower = on;
    pendingAt = clockMillis.getAsLong() + powerDelayMillis;
    settle();
  }

  /** When a pending power change takes effect (the owner sets a timer for it), or -1. */
  public long pendingAt() {
    return pendingPower == null ? -1 : pendingAt;
  }

  /** Applies a power change whose time has come. */
  public void settle() {
    if (pendingPower != null && clockMillis.getAsLong() >= pendingAt) {
      boolean on = pendingPower;
      pendingPower = null;
      if (on != powerOn) {
        powerOn = on;
        logPower(on);
        if (on) {
          boot();
        }
      }
    }
  }

  private void boot() {
    BootFlags flags = bootFlags;
    BootDevice device = flags.valid() ? flags.device() : BootDevice.DISK;
    if (flags.valid() && !flags.persistent()) {
      bootFlags = new BootFlags(false, false, flags.efi(), BootDevice.NONE); // next-boot-only: used up now
    }
    lastBoot = new Boot(device, flags.efi());
    onBoot.accept(lastBoot);
  }

  private void logPower(boolean on) {
    onPower.accept(on);
    // Power Unit, sensor-specific offset 00h "power off / power down", asserted on off, deasserted on on.
    addEvent(POWER_UNIT, 0x50, (on ? 0x80 : 0x00) | SENSOR_SPECIFIC, 0x00, 0xFF, 0xFF);
  }
}
