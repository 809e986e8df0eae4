package io.bmp.core.repo;

import io.bmp.core.domain.DeviceState;
import java.util.Set;

/** What a device list may be narrowed to; null or empty fields do not narrow. */
public record DeviceFilter(String roomId, String deviceTypeId, Set<DeviceState> states, String snPrefix) {

  public static DeviceFilter all() {
    return new DeviceFilter(null, null, Set.of(), null);
  }
}
