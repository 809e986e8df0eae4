package io.bmp.driver;

import io.vertx.core.Future;

/**
 * What the driver can do with one BMC: the {@link BmcCapabilities} for one kind of BMC (IPMI,
 * Redfish, the fake). Which binding a device gets is data ({@code Bmc.type}). Every method fails
 * only with a {@code BmpException} carrying a BMC_* code (or INVALID_STATE, UPSTREAM_FAILED).
 */
public interface BmcBinding extends BmcCapabilities.Power, BmcCapabilities.Management, BmcCapabilities.Sensors,
    BmcCapabilities.EventLog {

  /** The enrolment check's question: the highest privilege the account can take (IPMI level 1–5). */
  Future<Integer> highestPrivilege();

  /** Lets go of the BMC session, if any. */
  Future<Void> close();
}
