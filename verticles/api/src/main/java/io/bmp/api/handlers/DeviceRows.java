package io.bmp.api.handlers;

import io.bmp.api.http.I18n;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.storage.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks device rows (from JSON, CSV or xlsx) before anything is written, and collects every
 * problem of every row: missing or malformed fields, duplicates within the batch, and serial
 * numbers, MACs or BMC addresses that live devices already use.
 */
final class DeviceRows {

  /** One row as read: the fields by name, and where it came from (the file's row number, or the array index). */
  record Row(int number, Map<String, String> fields, List<NetworkInterface> interfaces, List<String> parseErrors) {

    Row(int number, Map<String, String> fields, List<NetworkInterface> interfaces) {
      this(number, fields, interfaces, List.of());
    }

    String get(String name) {
      String value = fields.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  /** A bad row and what is wrong with it. */
  record Problem(int row, String sn, List<String> errors) {}

  private static final Pattern SN = Pattern.compile("^[A-Za-z0-9._/-]{1,64}$");
  private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.:-]{1,64}$");
  /** The free-text fields a file row may carry, with the limits the JSON form's schema sets. */
  private static final List<Map.Entry<String, Integer>> MAX_LENGTHS = List.of(Map.entry("cabinet", 64),
      Map.entry("uPosition", 16), Map.entry("bmcUser", 64), Map.entry("bmcPassword", 128), Map.entry("description", 1024));

  private final String language;
  private final List<Problem> problems = new ArrayList<>();

  DeviceRows(String language) {
    this.language = language;
  }

  List<Problem> problems() {
    return problems;
  }

  /** Checks the rows' own fields and duplicates among them; returns the rows that passed. */
  List<Row> checkShape(List<Row> rows) {
    Map<String, Integer> sns = new HashMap<>();
    Map<String, Integer> macs = new HashMap<>();
    Map<String, Integer> bmcs = new HashMap<>();
    List<Row> good = new ArrayList<>();
    for (Row row : rows) {
      List<String> errors = new ArrayList<>(row.parseErrors());
      String sn = row.get("sn");
      if (sn == null) {
        errors.add(text("import.missing", "sn"));
      } else if (!SN.matcher(sn).matches()) {
        errors.add(text("import.invalid", "sn", sn));
      } else {
        duplicate(sns, sn, row, "sn", errors);
      }
      String bmc = row.get("bmcAddress");
      if (bmc == null) {
        errors.add(text("import.missing", "bmcAddress"));
      } else if (!HOST.matcher(bmc).matches()) {
        errors.add(text("import.invalid", "bmcAddress", bmc));
      } else {
        duplicate(bmcs, bmc, row, "bmcAddress", errors);
      }
      for (String ip : List.of("mgmtIpv4", "mgmtMask", "mgmtGateway")) {
        String value = row.get(ip);
        if (value != null && !IPV4.matcher(value).matches()) {
          errors.add(text("import.invalid", ip, value));
        }
      }
      String ipv6 = row.get("mgmtIpv6");
      if (ipv6 != null && !isIpv6(ipv6)) {
        errors.add(text("import.invalid", "mgmtIpv6", ipv6));
      }
      for (Map.Entry<String, Integer> limit : MAX_LENGTHS) {
        String value = row.get(limit.getKey());
        if (value != null && value.length() > limit.getValue()) {
          errors.add(text("import.tooLong", limit.getKey(), limit.getValue()));
        }
      }
      if (row.interfaces().isEmpty() && row.parseErrors().isEmpty()) {
        errors.add(text("import.missing", "mac1"));
      }
      for (NetworkInterface nic : row.interfaces()) {
        duplicate(macs, nic.mac(), row, "MAC", errors);
      }
      if (errors.isEmpty()) {
        good.add(row);
      } else {
        problems.add(new Problem(row.number(), sn, errors));
      }
    }
    return good;
  }

  /** Adds a problem for each row whose keys live devices already use. */
  void checkTaken(List<Row> rows, DeviceRepository.Conflicts taken) {
    for (Row row : rows) {
      List<String> errors = new ArrayList<>();
      if (taken.sns().contains(row.get("sn"))) {
        errors.add(text("import.taken", "sn", row.get("sn")));
      }
      if (taken.bmcAddresses().contains(row.get("bmcAddress"))) {
        errors.add(text("import.taken", "bmcAddress", row.get("bmcAddress")));
      }
      for (NetworkInterface nic : row.interfaces()) {
        if (taken.macs().contains(nic.mac())) {
          errors.add(text("import.taken", "MAC", nic.mac()));
        }
      }
      if (!errors.isEmpty()) {
        problems.add(new Problem(row.number(), row.get("sn"), errors));
      }
    }
  }

  /** An IPv6 address in any of RFC 4291's text forms, without a zone or prefix (what the JSON form's format: ipv6 takes). */
  static boolean isIpv6(String text) {
    if (!IPV6_CHARS.matcher(text).matches()) {
      return false; // only hex digits, colons and an embedded IPv4's dots: nothing InetAddress would resolve as a name
    }
    try {
      return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private void duplicate(Map<String, Integer> seen, String key, Row row, String what, List<String> errors) {
    Integer earlier = seen.putIfAbsent(key, row.number());
    if (earlier != null) {
      errors.add(text("import.duplicate", what, key, earlier));
    }
  }

  /** A MAC from a cell, or a problem for the row; null when the cell is empty. */
  static NetworkInterface nic(String name, String mac, String role, int index, List<String> errors, String language) {
    if (mac == null || mac.isBlank()) {
      return null;
    }
    try {
      return new NetworkInterface(name, mac.trim(), role, index, null, null);
    } catch (IllegalArgumentException e) {
      errors.add(I18n.text(language, "import.invalid", name, mac));
      return null;
    }
  }

  static Device device(Row row, String roomId, String deviceTypeId, String bmcUser, String bmcPasswordEnc) {
    return new Device(Ids.next("d"), row.get("sn"), roomId, deviceTypeId, DeviceState.IN_STOCK, null, "unknown", null,
        row.get("cabinet"),
        row.get("uPosition"), row.get("bmcType") == null ? "ipmi" : row.get("bmcType"), row.get("bmcAddress"),
        row.get("bmcPort") == null ? null : Integer.valueOf(row.get("bmcPort")), bmcUser, bmcPasswordEnc,
        row.get("mgmtIpv4"), row.get("mgmtMask"), row.get("mgmtGateway"), row.get("mgmtIpv6"), null,
        row.get("description"),
        row.interfaces(), null, null, 0);
  }

  private String text(String key, Object... args) {
    return I18n.text(language, key, args);
  }
}
