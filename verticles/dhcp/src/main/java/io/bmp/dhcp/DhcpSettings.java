package io.bmp.dhcp;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.protocols.dhcp.BootFiles;
import io.bmp.protocols.dhcp.DhcpServer;
import io.bmp.protocols.dhcp.Ipv4;
import io.bmp.protocols.dhcp.Subnet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dhcp verticle's configuration, read and checked once at start. Nothing network-specific has
 * a default: a room's subnets, router, DNS and server address come from its descriptor.
 *
 * <pre>
 * { "host": "0.0.0.0", "port": 67, "clientPort": 68, "relayPort": 67, "mode": "full" | "proxy", "proxyPort": 4011,
 *   "serverId": "10.0.0.1", "nextServer": "10.0.0.1", "watchRogues": false, "knownServers": ["10.0.0.2"],
 *   "subnets": [ { "network": "10.0.0.0/24", "router": "10.0.0.254", "dns": ["10.0.0.53"],
 *                  "domain": "room1.example", "leaseSeconds": 3600 } ],
 *   "boot": { "bios": "undionly.kpxe", "uefiX64": "ipxe.efi", "uefiArm64": "ipxe-arm64.efi",
 *             "httpUefiX64": "http://10.0.0.10:8082/ipxe/ipxe.efi", "httpUefiArm64": "",
 *             "ipxeScriptUrl": "http://10.0.0.1:8082/boot/{mac}.ipxe" } }
 * </pre>
 * {@code clientPort} and {@code relayPort} are where replies go (68 and 67 on a real network; the
 * lab and tests on loopback use others). With no {@code serverId} the server is configured but
 * silent, which is how an all-in-one node without a boot network runs. {@code knownServers} are
 * other DHCP servers whose replies the rogue watch expects (in proxy mode, the network's own).
 */
record DhcpSettings(String host, int port, int clientPort, int relayPort, DhcpServer.Mode mode, int proxyPort,
    Integer serverId, int nextServer, boolean watchRogues, java.util.Set<Integer> knownServers, List<Subnet> subnets,
    BootFiles boot) {

  static DhcpSettings from(JsonObject config) {
    try {
      String modeText = config.getString("mode", "full").toLowerCase(Locale.ROOT);
      DhcpServer.Mode mode = switch (modeText) {
        case "full" -> DhcpServer.Mode.FULL;
        case "proxy" -> DhcpServer.Mode.PROXY;
        default -> throw new IllegalArgumentException("mode must be full or proxy, was " + modeText);
      };
      String serverIdText = config.getString("serverId");
      Integer serverId = serverIdText == null || serverIdText.isBlank() ? null : Ipv4.parse(serverIdText);
      String next = config.getString("nextServer", serverIdText);
      List<Subnet> subnets = new ArrayList<>();
      for (Object o : config.getJsonArray("subnets", new JsonArray())) {
        subnets.add(subnet((JsonObject) o));
      }
      if (serverId != null && subnets.isEmpty() && mode == DhcpServer.Mode.FULL) {
        throw new IllegalArgumentException("a full DHCP server needs at least one subnet");
      }
      JsonObject boot = config.getJsonObject("boot", new JsonObject());
      return new DhcpSettings(config.getString("host", "0.0.0.0"), port(config, "port", 67),
          port(config, "clientPort", 68), port(config, "relayPort", 67), mode, port(config, "proxyPort", 4011),
          serverId, next == null || next.isBlank() ? 0 : Ipv4.parse(next), config.getBoolean("watchRogues", false),
          knownServers(config.getJsonArray("knownServers", new JsonArray())), subnets,
          new BootFiles(boot.getString("bios"), boot.getString("uefiX64"), boot.getString("uefiArm64"),
              boot.getString("ipxeScriptUrl"), httpUrl(boot, "httpUefiX64"), httpUrl(boot, "httpUefiArm64")));
    } catch (RuntimeException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "dhcp configuration: " + e.getMessage(), e);
    }
  }

  /** A UEFI HTTP boot file: an http(s) URL, or nothing (empty: none). */
  private static String httpUrl(JsonObject boot, String key) {
    String url = boot.getString(key, "");
    if (url.isBlank()) {
      return null;
    }
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("boot." + key + " must be an http:// or https:// URL: " + url);
    }
    return url;
  }

  private static java.util.Set<Integer> knownServers(JsonArray addresses) {
    java.util.Set<Integer> known = new java.util.HashSet<>();
    for (Object address : addresses) {
      known.add(Ipv4.parse(String.valueOf(address)));
    }
    return known;
  }

  private static int port(JsonObject config, String key, int fallback) {
    int port = config.getInteger(key, fallback);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " must be 0..65535, was " + port);
    }
    return port;
  }

  private static Subnet subnet(JsonObject json) {
    String cidr = json.getString("network", "");
    String[] parts = cidr.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("subnet network must be address/prefix, was '" + cidr + "'");
    }
    String router = json.getString("router");
    List<Integer> dns = json.getJsonArray("dns", new JsonArray()).stream().map(d -> Ipv4.parse(d.toString())).toList();
    return new Subnet(Ipv4.parse(parts[0]), Integer.parseInt(parts[1]),
        router == null || router.isBlank() ? null : Ipv4.parse(router), dns, json.getString("domain"),
        json.getInteger("leaseSeconds", 3600));
  }

  boolean serving() {
    return serverId != null;
  }
}
