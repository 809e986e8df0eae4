package io.bmp.driver;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.ipmi.IpmiSettings;
import io.bmp.driver.redfish.RedfishSettings;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.vertx.core.json.JsonObject;

/**
 * The driver's settings (verticle config), checked at start:
 * <pre>
 * { "bindHost": "0.0.0.0", "budget": 64, "cipherSuite": 3, "privilege": "ADMINISTRATOR",
 *   "timeoutMillis": 500, "attempts": 4, "confirmSeconds": 60, "confirmPollMillis": 500, "idleCloseSeconds": 45,
 *   "powerSyncSeconds": 30, "selPollSeconds": 300,
 *   "redfish": { "timeoutMillis": 20000, "attempts": 3, "retryMillis": 1000, "verifyTls": false } }
 * </pre>
 * {@code budget} caps the room's BMCs with a call in flight; {@code timeoutMillis} is the first
 * retransmission timeout (doubled per attempt, ±25 % jitter); a power change is confirmed by
 * reading the state every {@code confirmPollMillis} for up to {@code confirmSeconds}; a session
 * unused for {@code idleCloseSeconds} is closed (BMCs drop idle sessions after about 60 s).
 * Redfish calls get their own timeout (they often take seconds); {@code verifyTls} is off by
 * default because nearly every BMC ships a self-signed certificate. Watched BMCs have their power
 * state read about every {@code powerSyncSeconds} and their event log about every
 * {@code selPollSeconds} (±25 %; tests may give {@code powerSyncMillis} and {@code selPollMillis}).
 * The power sync's default (30 s, at most 37.5 s with jitter) stays below {@code idleCloseSeconds}
 * so that it also keeps every watched BMC's session open: a sync is then one round trip, not a handshake.
 */
record DriverSettings(String bindHost, int budget, IpmiSettings ipmi, long confirmMillis, long confirmPollMillis,
    long idleCloseMillis, RedfishSettings redfish, long powerSyncMillis, long selPollMillis) {

  static DriverSettings from(JsonObject config) {
    int privilege = switch (config.getString("privilege", "ADMINISTRATOR")) {
      case "USER" -> PrivilegeLevel.USER;
      case "OPERATOR" -> PrivilegeLevel.OPERATOR;
      case "ADMINISTRATOR" -> PrivilegeLevel.ADMINISTRATOR;
      default -> throw new BmpException(ErrorCode.CONFIG_INVALID, "driver privilege must be USER, OPERATOR or ADMINISTRATOR");
    };
    DriverSettings s = new DriverSettings(config.getString("bindHost", "0.0.0.0"), config.getInteger("budget", 64),
        new IpmiSettings(config.getInteger("cipherSuite", 3), privilege, config.getLong("timeoutMillis", 500L),
            config.getInteger("attempts", 4)),
        config.getLong("confirmSeconds", 60L) * 1000, config.getLong("confirmPollMillis", 500L),
        config.getLong("idleCloseSeconds", 45L) * 1000, redfish(config.getJsonObject("redfish", new JsonObject())),
        config.getLong("powerSyncMillis", config.getLong("powerSyncSeconds", 30L) * 1000),
        config.getLong("selPollMillis", config.getLong("selPollSeconds", 300L) * 1000));
    if (s.powerSyncMillis < 50 || s.selPollMillis < 50) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "driver powerSyncSeconds and selPollSeconds must be positive");
    }
    if (s.budget < 1 || s.budget > 10_000) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "driver budget must be 1..10000, was " + s.budget);
    }
    if (s.ipmi.attempts() < 1 || s.ipmi.attempts() > 10 || s.ipmi.timeoutMillis() < 10) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "driver attempts must be 1..10 and timeoutMillis at least 10");
    }
    if (s.redfish.attempts() < 1 || s.redfish.attempts() > 10 || s.redfish.timeoutMillis() < 100) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "driver redfish.attempts must be 1..10 and redfish.timeoutMillis at least 100");
    }
    return s;
  }

  private static RedfishSettings redfish(JsonObject config) {
    return new RedfishSettings(config.getLong("timeoutMillis", 20_000L), config.getInteger("attempts", 3),
        config.getLong("retryMillis", 1000L), config.getBoolean("verifyTls", false));
  }
}
