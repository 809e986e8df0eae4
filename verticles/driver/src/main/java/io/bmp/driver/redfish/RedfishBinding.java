package io.bmp.driver.redfish;

import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.BmcBinding;
import io.bmp.driver.BmcCapabilities.BootSetting;
import io.bmp.driver.BootTarget;
import io.bmp.driver.PowerAction;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Redfish binding: power through {@code ComputerSystem.Reset}, the boot override through a
 * PATCH of {@code Boot}, sensors from the chassis' Thermal and Power, the SEL from the manager's
 * log service. Paths are found by following the service's links once (root → Systems → the first
 * system → its chassis and manager → the log service the vendor profile names), never assumed.
 */
public final class RedfishBinding implements BmcBinding {

  private final RedfishClient client;
  private final String user;
  private Future<Layout> layout;

  /** Where things are on this service, found once. */
  private record Layout(RedfishProfile profile, String system, String resetTarget, List<String> allowedResets,
      String chassis, String manager) {
  }

  public RedfishBinding(RedfishClient client, String user) {
    this.client = client;
    this.user = user;
  }

  private Future<Layout> layout() {
    if (layout == null || layout.failed()) {
      layout = discover();
    }
    return layout;
  }

  private Future<Layout> discover() {
    return client.get("/redfish/v1/").compose(root -> client.get(link(root, "Systems")).compose(systems -> {
      String systemPath = firstMember(systems, "Systems");
      return client.get(systemPath).map(system -> {
        String vendor = root.getString("Vendor", system.getString("Manufacturer", ""));
        JsonObject reset = system.getJsonObject("Actions", new JsonObject()).getJsonObject("#ComputerSystem.Reset",
            new JsonObject());
        JsonArray allowed = reset.getJsonArray("ResetType@Redfish.AllowableValues");
        JsonObject links = system.getJsonObject("Links", new JsonObject());
        return new Layout(RedfishProfile.forVendor(vendor), systemPath,
            reset.getString("target", systemPath + "/Actions/ComputerSystem.Reset"),
            allowed == null ? null : allowed.stream().map(String::valueOf).toList(),
            firstLink(links.getJsonArray("Chassis")), firstLink(links.getJsonArray("ManagedBy")));
      });
    }));
  }

  @Override
  public Future<Boolean> powerOn() {
    return layout().compose(l -> client.get(l.system())).map(system -> {
      // PoweringOff is still on, PoweringOn not yet: the caller polls until the state is settled.
      String state = system.getString("PowerState", "");
      return state.equals("On") || state.equals("PoweringOff");
    });
  }

  @Override
  public Future<Void> power(PowerAction action) {
    if (action == PowerAction.STATUS) {
      return Future.succeededFuture();
    }
    return layout().compose(l -> {
      String type = l.profile().resetTypes(action).stream()
          .filter(t -> l.allowedResets() == null || l.allowedResets().contains(t)).findFirst().orElse(null);
      if (type == null) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the Redfish service offers no reset type for "
            + action.wire + " (it allows " + l.allowedResets() + ")"));
      }
      return client.send(HttpMethod.POST, l.resetTarget(), new JsonObject().put("ResetType", type)).mapEmpty();
    });
  }

  @Override
  public Future<Void> setBoot(BootTarget target, boolean persistent, boolean uefi) {
    return layout().compose(l -> {
      String name = l.profile().bootTarget(target);
      if (name == null) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "no Redfish boot target for " + target.wire));
      }
      JsonObject boot = new JsonObject().put("BootSourceOverrideTarget", name)
          .put("BootSourceOverrideEnabled", target == BootTarget.NONE ? "Disabled" : persistent ? "Continuous" : "Once");
      if (l.profile().bootMode()) {
        boot.put("BootSourceOverrideMode", uefi ? "UEFI" : "Legacy");
      }
      return client.send(HttpMethod.PATCH, l.system(), new JsonObject().put("Boot", boot)).mapEmpty();
    });
  }

  @Override
  public Future<BootSetting> boot() {
    return layout().compose(l -> client.get(l.system()).map(system -> {
      JsonObject boot = system.getJsonObject("Boot", new JsonObject());
      String enabled = boot.getString("BootSourceOverrideEnabled", "Disabled");
      BootTarget target = enabled.equals("Disabled") ? BootTarget.NONE
          : l.profile().targetOf(boot.getString("BootSourceOverrideTarget", "None"));
      return new BootSetting(target, enabled.equals("Continuous"), "UEFI".equals(boot.getString("BootSourceOverrideMode")));
    }));
  }

  @Override
  public Future<List<Reading>> sensors() {
    return layout().compose(l -> {
      if (l.chassis() == null) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the Redfish system links no chassis"));
      }
      return client.get(l.chassis()).compose(chassis -> {
        Future<JsonObject> thermal = chassis.containsKey("Thermal") ? client.get(link(chassis, "Thermal"))
            : Future.succeededFuture(new JsonObject());
        Future<JsonObject> power = chassis.containsKey("Power") ? client.get(link(chassis, "Power"))
            : Future.succeededFuture(new JsonObject());
        return Future.all(thermal, power).map(both -> readings(thermal.result(), power.result()));
      });
    });
  }

  private static List<Reading> readings(JsonObject thermal, JsonObject power) {
    List<Reading> out = new ArrayList<>();
    each(thermal, "Temperatures", t -> out.add(reading(t, "temperature", "ReadingCelsius", "C")));
    each(thermal, "Fans", f -> out.add(reading(f, "fan", "Reading", f.getString("ReadingUnits", "RPM").equals("Percent") ? "%" : "RPM")));
    each(power, "PowerControl", p -> out.add(reading(p, "power", "PowerConsumedWatts", "W")));
    each(power, "Voltages", v -> out.add(reading(v, "voltage", "ReadingVolts", "V")));
    return out;
  }

  private static Reading reading(JsonObject sensor, String kind, String field, String unit) {
    Number value = sensor.getValue(field) instanceof Number n ? n : null;
    String health = sensor.getJsonObject("Status", new JsonObject()).getString("Health", "OK");
    String status = value == null ? "unavailable" : health.equals("Critical") ? "critical" : "ok";
    return new Reading(sensor.getString("Name", kind), kind, value == null ? null : value.doubleValue(), unit, status);
  }

  @Override
  public Future<List<SelEntry>> sel(long after) {
    return logService().compose(service -> client.get(link(service, "Entries"))).map(entries -> {
      List<SelEntry> out = new ArrayList<>();
      long position = 0;
      for (Object o : entries.getJsonArray("Members", new JsonArray())) {
        position++;
        JsonObject entry = (JsonObject) o;
        long id = numeric(entry.getString("Id"), position);
        if (id > after) {
          out.add(new SelEntry(id, epochSeconds(entry.getString("Created")), kind(entry.getString("SensorType")),
              entry.getInteger("SensorNumber", 0), entry.getString("Message", ""),
              !"Deassert".equals(entry.getString("EntryCode"))));
        }
      }
      return out;
    });
  }

  @Override
  public Future<Void> clearSel() {
    return logService().compose(service -> {
      String target = service.getJsonObject("Actions", new JsonObject()).getJsonObject("#LogService.ClearLog",
          new JsonObject()).getString("target");
      if (target == null) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the log service offers no ClearLog action"));
      }
      return client.send(HttpMethod.POST, target, new JsonObject()).mapEmpty();
    });
  }

  /** The manager's log service the profile names first (SEL, IPMI, vendor names). */
  private Future<JsonObject> logService() {
    return layout().compose(l -> {
      if (l.manager() == null) {
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the Redfish system names no manager"));
      }
      return client.get(l.manager()).compose(manager -> client.get(link(manager, "LogServices"))).compose(services -> {
        List<String> paths = services.getJsonArray("Members", new JsonArray()).stream()
            .map(m -> ((JsonObject) m).getString("@odata.id")).toList();
        for (String wanted : l.profile().logServices()) {
          for (String path : paths) {
            if (path.endsWith("/" + wanted)) {
              return client.get(path);
            }
          }
        }
        return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "the manager has none of the log services "
            + l.profile().logServices()));
      });
    });
  }

  /**
   * The enrolment check: a session opens (credentials), and the account's role read from the
   * AccountService maps to an IPMI level (Administrator 4, Operator 3, ReadOnly 2). An account
   * that may not read the accounts is taken as User level.
   */
  @Override
  public Future<Integer> highestPrivilege() {
    return client.get("/redfish/v1/AccountService/Accounts")
        .compose(accounts -> findRole(accounts.getJsonArray("Members", new JsonArray()), 0))
        .recover(failure -> failure instanceof BmpException e && e.code() == ErrorCode.BMC_PRIVILEGE
            ? Future.succeededFuture(PrivilegeLevel.USER) : Future.failedFuture(failure));
  }

  private Future<Integer> findRole(JsonArray members, int index) {
    if (index >= members.size()) {
      return Future.succeededFuture(PrivilegeLevel.USER);
    }
    return client.get(members.getJsonObject(index).getString("@odata.id")).compose(account -> {
      if (!user.equals(account.getString("UserName"))) {
        return findRole(members, index + 1);
      }
      return Future.succeededFuture(switch (account.getString("RoleId", "")) {
        case "Administrator" -> PrivilegeLevel.ADMINISTRATOR;
        case "Operator" -> PrivilegeLevel.OPERATOR;
        default -> PrivilegeLevel.USER;
      });
    });
  }

  @Override
  public Future<Void> close() {
    return client.logout();
  }

  public boolean hasSession() {
    return client.hasSession();
  }

  private static String link(JsonObject resource, String name) {
    Object value = resource.getValue(name);
    if (value instanceof JsonObject o && o.getString("@odata.id") != null) {
      return o.getString("@odata.id");
    }
    throw new BmpException(ErrorCode.BMC_UNSUPPORTED, "the Redfish resource " + resource.getString("@odata.id")
        + " has no link to " + name);
  }

  private static String firstMember(JsonObject collection, String what) {
    JsonArray members = collection.getJsonArray("Members", new JsonArray());
    if (members.isEmpty()) {
      throw new BmpException(ErrorCode.BMC_UNSUPPORTED, "the Redfish service lists no " + what);
    }
    return members.getJsonObject(0).getString("@odata.id");
  }

  private static String firstLink(JsonArray links) {
    return links == null || links.isEmpty() ? null : links.getJsonObject(0).getString("@odata.id");
  }

  private static void each(JsonObject resource, String array, Consumer<JsonObject> action) {
    for (Object o : resource.getJsonArray(array, new JsonArray())) {
      if (o instanceof JsonObject json) {
        action.accept(json);
      }
    }
  }

  private static long numeric(String id, long fallback) {
    try {
      return Long.parseLong(id);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private static long epochSeconds(String created) {
    try {
      return OffsetDateTime.parse(created).toEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String kind(String sensorType) {
    return sensorType == null ? "other" : sensorType.toLowerCase().replace(' ', '-');
  }
}
