package io.bmp.driver.redfish;

import io.bmp.driver.BootTarget;
import io.bmp.driver.PowerAction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one vendor's Redfish service does differently, read from {@code profiles.json} (data, not
 * branches): the reset types for each power action in order of preference, the boot override
 * target names, whether {@code BootSourceOverrideMode} may be sent, and which log service holds
 * the SEL. Each vendor profile overrides the generic one key by key.
 */
public record RedfishProfile(String name, List<String> match, JsonObject reset, JsonObject boot, boolean bootMode,
    List<String> logServices) {

  private static final List<RedfishProfile> ALL = load();

  /** The profile whose match string is in {@code vendor} (service root Vendor or system Manufacturer), else generic. */
  public static RedfishProfile forVendor(String vendor) {
    String v = vendor == null ? "" : vendor.toLowerCase(Locale.ROOT);
    for (RedfishProfile p : ALL) {
      if (p.match.stream().anyMatch(m -> v.contains(m.toLowerCase(Locale.ROOT)))) {
        return p;
      }
    }
    return ALL.get(0);
  }

  /** Reset types for {@code action}, most preferred first. */
  public List<String> resetTypes(PowerAction action) {
    return reset.getJsonArray(action.wire, new JsonArray()).stream().map(String::valueOf).toList();
  }

  public String bootTarget(BootTarget target) {
    return boot.getString(target.wire);
  }

  /** Our target for a Redfish BootSourceOverrideTarget name (NONE when the name is not one of ours). */
  public BootTarget targetOf(String redfishName) {
    for (Map.Entry<String, Object> e : boot) {
      if (e.getValue().equals(redfishName)) {
        return BootTarget.of(e.getKey());
      }
    }
    return BootTarget.NONE;
  }

  private static List<RedfishProfile> load() {
    try (InputStream in = RedfishProfile.class.getResourceAsStream("profiles.json")) {
      JsonObject all = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      JsonObject generic = all.getJsonObject("generic");
      List<RedfishProfile> profiles = new ArrayList<>();
      profiles.add(of("generic", generic, new JsonObject()));
      for (String name : all.fieldNames()) {
        if (!name.equals("generic") && !name.startsWith("_")) {
          profiles.add(1, of(name, generic, all.getJsonObject(name)));
        }
      }
      return List.copyOf(profiles);
    } catch (IOException e) {
      throw new UncheckedIOException("the driver's Redfish profiles are missing from the jar", e);
    }
  }

  private static RedfishProfile of(String name, JsonObject generic, JsonObject own) {
    JsonObject reset = generic.getJsonObject("reset").copy().mergeIn(own.getJsonObject("reset", new JsonObject()));
    JsonObject boot = generic.getJsonObject("boot").copy().mergeIn(own.getJsonObject("boot", new JsonObject()));
    return new RedfishProfile(name, strings(own.getJsonArray("match", new JsonArray())), reset, boot,
        own.getBoolean("bootMode", generic.getBoolean("bootMode")),
        strings(own.getJsonArray("logServices", generic.getJsonArray("logServices"))));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }
}
