package io.bmp.driver.fake;

import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.BmcBinding;
import io.bmp.driver.BmcCapabilities.BootSetting;
import io.bmp.driver.BootTarget;
import io.bmp.driver.PowerAction;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A BMC that exists only in memory ({@code type: fake}), for tests of everything above the
 * driver: power and boot settings stick, each power change is logged, and the password
 * {@code wrong} is refused as a real BMC would.
 */
public final class FakeBinding implements BmcBinding {

  private final String password;
  private boolean on;
  private BootSetting boot = new BootSetting(BootTarget.NONE, false, false);
  private final List<SelEntry> sel = new ArrayList<>();

  public FakeBinding(String password) {
    this.password = password;
  }

  private <T> Future<T> checked(T value) {
    return "wrong".equals(password)
        ? Future.failedFuture(new BmpException(ErrorCode.BMC_AUTH_FAILED, "the fake BMC refuses this password"))
        : Future.succeededFuture(value);
  }

  @Override
  public Future<Boolean> powerOn() {
    return checked(on);
  }

  @Override
  public Future<Void> power(PowerAction action) {
    if (action == PowerAction.RESET && !on) {
      return Future.failedFuture(new BmpException(ErrorCode.INVALID_STATE, "cannot reset a machine that is off"));
    }
    if (action.endsOn != null && action.endsOn != on) {
      on = action.endsOn;
      sel.add(new SelEntry(sel.size() + 1, System.currentTimeMillis() / 1000, "power-unit", 0x50, "power off / power down", !on));
    }
    return checked(null);
  }

  @Override
  public Future<Void> setBoot(BootTarget target, boolean persistent, boolean uefi) {
    boot = new BootSetting(target, persistent, uefi);
    return checked(null);
  }

  @Override
  public Future<BootSetting> boot() {
    return checked(boot);
  }

  @Override
  public Future<List<Reading>> sensors() {
    return checked(List.of(new Reading("CPU Temp", "temperature", on ? 48.0 : 24.0, "C", "ok")));
  }

  @Override
  public Future<List<SelEntry>> sel(long after) {
    return checked(sel.stream().filter(e -> e.id() > after).toList());
  }

  @Override
  public Future<Void> clearSel() {
    sel.clear();
    return checked(null);
  }

  @Override
  public Future<Integer> highestPrivilege() {
    return checked(4);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
