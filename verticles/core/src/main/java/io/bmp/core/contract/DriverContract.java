package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The driver component's event-bus contract: BMC access of one room (power, boot device, sensors,
 * event log) over IPMI and Redfish.
 *
 * <p>Served on {@code bmp.driver.<room>}. Every request names the BMC in a {@link Bmc}, whose
 * password is sealed with the nodes' shared secret key and opened only inside the driver for the
 * call. Failures are the BMC_* error codes: unreachable, authentication failed, insufficient
 * privilege, busy, timeout, unsupported. Power-state changes and new event-log entries found by
 * the driver's background polling are published on {@link #EVENTS}.
 */
public final class DriverContract {

  public static final Component COMPONENT = Component.DRIVER;

  /** {@link PowerCommand} in, {@link PowerState} out: a change is answered once the BMC reports the new state. */
  public static final String POWER = "power";
  /** {@link BootCommand} in, {@link BootState} out (read back from the BMC). */
  public static final String BOOT_DEVICE = "boot-device";
  /** {@link BmcQuery} in, {@link SensorReadings} out. */
  public static final String SENSORS = "sensors";
  /** {@link BmcQuery} in ({@code after}: the last record ID already seen, 0 for all), {@link SelEntries} out. */
  public static final String SEL = "sel";
  /** {@link BmcQuery} in, {@link SelEntries} out (empty): clears the event log. */
  public static final String SEL_CLEAR = "sel-clear";
  /** {@link BmcQuery} in, {@link CheckResult} out: the enrolment check (reachable, credentials, Administrator). */
  public static final String CHECK = "check";
  /**
   * {@link WatchList} in, {@link WatchList} out (what is watched now): replaces the BMCs whose power
   * state and event log the driver polls in the background; changes are published on {@link #EVENTS}.
   * Central (the scheduler's BmcWatch) sends the room's whole list when it changed, when the room's
   * driver announced {@link #DRIVER_STARTED}, and every room in full every few minutes.
   */
  public static final String WATCH = "watch";

  /** {@link BmcEvent} kind a driver publishes once it serves: it watches nothing until told (device null). */
  public static final String DRIVER_STARTED = "driver-started";

  /** The device states whose BMCs central asks the room's driver to watch: enrolled and not retired. */
  public static final List<String> WATCHED_DEVICE_STATES = List.of("ready", "in_use", "error");
  /** Published {@link BmcEvent}s of every room. */
  public static final String EVENTS = "bmp.driver.events";

  /**
   * One BMC: the device it belongs to, its type ({@code ipmi}, {@code redfish} over HTTPS,
   * {@code redfish-http} for labs, or {@code fake}),
   * where it listens, the user, and the password sealed by {@code SecretBox} (never plaintext).
   */
  public record Bmc(String device, String type, String address, int port, String user, String sealedPassword)
      implements BusRecord {

    /** A device's BMC as stored: a null port is the type's default (443 for Redfish, 623 for IPMI). */
    public static Bmc of(String device, String type, String address, Integer port, String user, String sealedPassword) {
      int defaultPort = type.startsWith("redfish") ? 443 : 623;
      return new Bmc(device, type, address, port == null ? defaultPort : port, user, sealedPassword);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device).put("type", type).put("address", address).put("port", port)
          .put("user", user).put("sealedPassword", sealedPassword);
    }

    public static Bmc fromJson(JsonObject json) {
      return json == null ? null : new Bmc(json.getString("device"), json.getString("type", "ipmi"),
          json.getString("address"), json.getInteger("port", 623), json.getString("user"), json.getString("sealedPassword"));
    }

    /** For logs and errors: where, never the credentials. */
    @Override
    public String toString() {
      return type + "://" + address + ":" + port + " (device " + device + ")";
    }
  }

  /** {@code action}: status, on, off, soft-off, cycle or reset. */
  public record PowerCommand(Bmc bmc, String action) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("bmc", bmc.toJson()).put("action", action);
    }

    public static PowerCommand fromJson(JsonObject json) {
      return new PowerCommand(Bmc.fromJson(json.getJsonObject("bmc")), json.getString("action", "status"));
    }
  }

  /** The power state read back after the action ({@code on} or {@code off}) and how long the call took. */
  public record PowerState(String device, String action, String power, long millis) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device).put("action", action).put("power", power).put("millis", millis);
    }

    public static PowerState fromJson(JsonObject json) {
      return new PowerState(json.getString("device"), json.getString("action"), json.getString("power"),
          json.getLong("millis", 0L));
    }
  }

  /** {@code target}: pxe, disk, bios or none; {@code persistent} false means the next boot only. */
  public record BootCommand(Bmc bmc, String target, boolean persistent, boolean uefi) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("bmc", bmc.toJson()).put("target", target).put("persistent", persistent)
          .put("uefi", uefi);
    }

    public static BootCommand fromJson(JsonObject json) {
      return new BootCommand(Bmc.fromJson(json.getJsonObject("bmc")), json.getString("target"),
          json.getBoolean("persistent", false), json.getBoolean("uefi", false));
    }
  }

  public record BootState(String device, String target, boolean persistent, boolean uefi) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device).put("target", target).put("persistent", persistent).put("uefi", uefi);
    }

    public static BootState fromJson(JsonObject json) {
      return new BootState(json.getString("device"), json.getString("target"), json.getBoolean("persistent", false),
          json.getBoolean("uefi", false));
    }
  }

  /** A read of one BMC; {@code after} is the SEL record ID already seen (0: from the start). */
  public record BmcQuery(Bmc bmc, long after) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("bmc", bmc.toJson()).put("after", after);
    }

    public static BmcQuery fromJson(JsonObject json) {
      return new BmcQuery(Bmc.fromJson(json.getJsonObject("bmc")), json.getLong("after", 0L));
    }
  }

  /** One sensor: {@code value} null when the BMC has no reading; {@code status} ok, critical or unavailable. */
  public record Reading(String name, String kind, Double value, String unit, String status) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("kind", kind).put("value", value).put("unit", unit).put("status", status);
    }

    static Reading fromJson(JsonObject json) {
      return new Reading(json.getString("name"), json.getString("kind"), json.getDouble("value"), json.getString("unit"),
          json.getString("status"));
    }
  }

  public record SensorReadings(String device, List<Reading> readings) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device)
          .put("readings", new JsonArray(readings.stream().map(Reading::toJson).toList()));
    }

    public static SensorReadings fromJson(JsonObject json) {
      return new SensorReadings(json.getString("device"), json.getJsonArray("readings", new JsonArray()).stream()
          .map(o -> Reading.fromJson((JsonObject) o)).toList());
    }
  }

  /** One event-log entry: when (epoch seconds), which sensor kind and number, what, asserted or cleared. */
  public record SelEntry(long id, long timestamp, String sensorKind, int sensorNumber, String event, boolean asserted) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("timestamp", timestamp).put("sensorKind", sensorKind)
          .put("sensorNumber", sensorNumber).put("event", event).put("asserted", asserted);
    }

    static SelEntry fromJson(JsonObject json) {
      return new SelEntry(json.getLong("id", 0L), json.getLong("timestamp", 0L), json.getString("sensorKind"),
          json.getInteger("sensorNumber", 0), json.getString("event"), json.getBoolean("asserted", true));
    }
  }

  public record SelEntries(String device, List<SelEntry> entries) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device)
          .put("entries", new JsonArray(entries.stream().map(SelEntry::toJson).toList()));
    }

    public static SelEntries fromJson(JsonObject json) {
      return new SelEntries(json.getString("device"), json.getJsonArray("entries", new JsonArray()).stream()
          .map(o -> SelEntry.fromJson((JsonObject) o)).toList());
    }
  }

  /** The enrolment check: every step that passed, and the highest privilege the account obtained. */
  public record CheckResult(String device, boolean reachable, boolean authenticated, String privilege, boolean administrator)
      implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device).put("reachable", reachable).put("authenticated", authenticated)
          .put("privilege", privilege).put("administrator", administrator);
    }

    public static CheckResult fromJson(JsonObject json) {
      return new CheckResult(json.getString("device"), json.getBoolean("reachable", false),
          json.getBoolean("authenticated", false), json.getString("privilege"), json.getBoolean("administrator", false));
    }
  }

  /**
   * Published by the driver, {@code kind}: {@code power-read} (detail on/off: the first reading of a
   * watched BMC, or the first after it answered again), {@code power-changed} (on/off: after a power
   * action, or when the background sync finds the state changed), {@code power-lost} (unknown: a
   * watched BMC whose state was known stopped answering), {@code sel-entry} (the event, found
   * by the background SEL poll), or {@link #DRIVER_STARTED}. {@code timestamp} is when the driver
   * learnt it, in epoch millis.
   */
  public record BmcEvent(String room, String device, String kind, String detail, long timestamp) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("device", device).put("kind", kind).put("detail", detail)
          .put("timestamp", timestamp);
    }

    public static BmcEvent fromJson(JsonObject json) {
      return new BmcEvent(json.getString("room"), json.getString("device"), json.getString("kind"),
          json.getString("detail"), json.getLong("timestamp", 0L));
    }
  }

  /** The BMCs a room's driver watches in the background. */
  public record WatchList(List<Bmc> bmcs) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("bmcs", new JsonArray(bmcs.stream().map(Bmc::toJson).toList()));
    }

    public static WatchList fromJson(JsonObject json) {
      return new WatchList(json.getJsonArray("bmcs", new JsonArray()).stream()
          .map(o -> Bmc.fromJson((JsonObject) o)).toList());
    }
  }

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of(
      RecordType.of(Bmc.class, Bmc::fromJson),
      RecordType.of(PowerCommand.class, PowerCommand::fromJson),
      RecordType.of(PowerState.class, PowerState::fromJson),
      RecordType.of(BootCommand.class, BootCommand::fromJson),
      RecordType.of(BootState.class, BootState::fromJson),
      RecordType.of(BmcQuery.class, BmcQuery::fromJson),
      RecordType.of(SensorReadings.class, SensorReadings::fromJson),
      RecordType.of(SelEntries.class, SelEntries::fromJson),
      RecordType.of(CheckResult.class, CheckResult::fromJson),
      RecordType.of(BmcEvent.class, BmcEvent::fromJson),
      RecordType.of(WatchList.class, WatchList::fromJson));

  private DriverContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}
