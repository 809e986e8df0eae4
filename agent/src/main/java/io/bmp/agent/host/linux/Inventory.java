package io.bmp.agent.host.linux;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the machine is, read from the kernel ({@code /proc}, {@code /sys}) as the seed's collect
 * script reads it: CPU, memory, vendor and model (DMI), disks, NICs with speed, and each NIC's
 * switch and port from LLDP when lldpd runs in the LiveOS ({@code lldpctl -f json}).
 */
final class Inventory {

  private final Path proc;
  private final Path sys;
  private final BlockDevices blocks;

  Inventory(Path proc, Path sys, BlockDevices blocks) {
    this.proc = proc;
    this.sys = sys;
    this.blocks = blocks;
  }

  JsonObject read(List<String> disks) throws IOException {
    return new JsonObject()
        .put("serial", dmi("product_serial")).put("vendor", dmi("sys_vendor")).put("model", dmi("product_name"))
        .put("architecture", architecture())
        .put("bootMode", Files.isDirectory(sys.resolve("firmware/efi")) ? "uefi" : "bios")
        .put("cpu", cpu()).put("memoryMb", memoryMb())
        .put("disks", disks(disks)).put("nics", nics());
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  private JsonObject cpu() throws IOException {
    String model = null;
    Set<String> sockets = new HashSet<>();
    Set<String> cores = new HashSet<>();
    int threads = 0;
    String socket = "0";
    for (String line : Files.readAllLines(proc.resolve("cpuinfo"))) {
      String[] kv = line.split(":", 2);
      if (kv.length < 2) {
        continue;
      }
      String key = kv[0].trim();
      String value = kv[1].trim();
      switch (key) {
        case "processor" -> threads++;
        case "model name" -> model = model == null ? value : model;
        case "physical id" -> {
          socket = value;
          sockets.add(value);
        }
        case "core id" -> cores.add(socket + "/" + value);
        default -> { }
      }
    }
    return new JsonObject().put("model", model).put("sockets", Math.max(1, sockets.size()))
        .put("cores", cores.isEmpty() ? threads : cores.size()).put("threads", threads);
  }

  private long memoryMb() throws IOException {
    for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return 0;
  }

  private JsonArray disks(List<String> disks) throws IOException {
    JsonArray out = new JsonArray();
    for (String name : disks) {
      out.add(new JsonObject().put("name", name).put("path", "/dev/" + name).put("sizeBytes", blocks.sizeBytes(name))
          .put("type", blocks.rotational(name) ? "hdd" : "ssd").put("interface", blocks.interfaceOf(name))
          .put("model", blocks.model(name)).put("serial", blocks.serial(name)));
    }
    return out;
  }

  /** Physical NICs: those with a device behind them (not lo, bridges, bonds or veths). */
  private JsonArray nics() throws IOException {
    JsonObject lldp = lldpNeighbours();
    JsonArray out = new JsonArray();
    Path net = sys.resolve("class/net");
    if (!Files.isDirectory(net)) {
      return out;
    }
    try (Stream<Path> list = Files.list(net)) {
      for (Path nic : list.sorted().toList()) {
        String name = nic.getFileName().toString();
        if (!Files.exists(nic.resolve("device")) && !Files.exists(nic.resolve("phys_port_id"))) {
          continue;
        }
        JsonObject entry = new JsonObject().put("name", name).put("mac", read(nic.resolve("address")))
            .put("speedMbps", speed(nic));
        if (lldp.containsKey(name)) {
          entry.put("lldp", lldp.getJsonObject(name));
        }
        out.add(entry);
      }
    }
    return out;
  }

  private static Integer speed(Path nic) {
    try {
      int speed = Integer.parseInt(read(nic.resolve("speed")));
      return speed > 0 ? speed : null; // -1: link down or unknown
    } catch (IOException | NumberFormatException | NullPointerException e) {
      return null;
    }
  }

  /** Switch address and port per NIC from lldpd, when the LiveOS runs it; nothing otherwise. */
  private static JsonObject lldpNeighbours() {
    JsonObject found = new JsonObject();
    if (!Tools.has("lldpctl")) {
      return found;
    }
    try {
      JsonObject lldp = new JsonObject(Tools.run(null, Duration.ofSeconds(10), "lldpctl", "-f", "json"))
          .getJsonObject("lldp", new JsonObject());
      Object interfaces = lldp.getValue("interface");
      JsonArray list = interfaces instanceof JsonArray array ? array : new JsonArray();
      if (interfaces instanceof JsonObject single) {
        single.forEach(e -> list.add(new JsonObject().put(e.getKey(), e.getValue())));
      }
      for (Object item : list) {
        ((JsonObject) item).forEach(e -> {
          JsonObject port = (JsonObject) e.getValue();
          JsonObject chassis = port.getJsonObject("chassis", new JsonObject());
          String switchIp = chassis.fieldNames().stream().map(chassis::getJsonObject)
              .map(c -> c == null ? null : c.getValue("mgmt-ip")).filter(v -> v != null)
              .map(v -> v instanceof JsonArray a ? a.getString(0) : v.toString()).findFirst().orElse(null);
          JsonObject portId = port.getJsonObject("port", new JsonObject()).getJsonObject("id", new JsonObject());
          found.put(e.getKey(), new JsonObject().put("switchIp", switchIp).put("switchPort", portId.getString("value")));
        });
      }
    } catch (IOException | RuntimeException e) {
      // lldpd not ready or no neighbour yet: the inventory is still worth having without it.
    }
    return found;
  }

  private String dmi(String field) {
    try {
      String value = read(sys.resolve("class/dmi/id").resolve(field));
      return value == null || value.isBlank() || value.toLowerCase(Locale.ROOT).contains("to be filled") ? null : value;
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file).trim() : null;
  }
}
