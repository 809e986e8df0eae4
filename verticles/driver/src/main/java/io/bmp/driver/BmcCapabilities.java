package io.bmp.driver;

import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.vertx.core.Future;
import java.util.List;

/**
 * The capability interfaces (Ironic's split) a {@link BmcBinding} is made of: power, management
 * (boot device), sensors and the event log.
 */
public final class BmcCapabilities {

  private BmcCapabilities() {
  }

  /** Power: read the state, and ask for a change (confirmed by the caller reading the state back). */
  public interface Power {
    Future<Boolean> powerOn();

    Future<Void> power(PowerAction action);
  }

  /** Management: the boot device, once or persistent, legacy or UEFI. */
  public interface Management {
    Future<Void> setBoot(BootTarget target, boolean persistent, boolean uefi);

    Future<BootSetting> boot();
  }

  public interface Sensors {
    Future<List<Reading>> sensors();
  }

  public interface EventLog {
    /** Entries with an ID above {@code after} (0: all). */
    Future<List<SelEntry>> sel(long after);

    Future<Void> clearSel();
  }

  /**
   * A boot setting read back from the BMC: {@code target} is the override in force; {@code named}
   * the device the setting names even where the BMC does not mark it in force (OpenIPMI's ipmi_sim
   * never sets IPMI's "boot flags valid" bit, yet keeps and applies the device it was given).
   */
  public record BootSetting(BootTarget target, boolean persistent, boolean uefi, BootTarget named) {

    public BootSetting(BootTarget target, boolean persistent, boolean uefi) {
      this(target, persistent, uefi, target);
    }
  }
}
