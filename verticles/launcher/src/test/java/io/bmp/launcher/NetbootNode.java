package io.bmp.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A room node (bmp's own {@link Main}, unclustered) running inside the server namespace of a
 * {@link Netns}, with the verticles and configs a network test gives it. Reservations are seeded
 * into the room's own copy on disk before start, the way a room finds them after a restart.
 */
final class NetbootNode {

  final Path dataDir;
  final Path log;
  final Process process;

  private NetbootNode(Path dataDir, Path log, Process process) {
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
  }

  /** One reservation as the room's reservations.json holds it. */
  static JsonObject reservation(String mac, String address, String hostname) {
    return new JsonObject().put("mac", mac).put("address", address).put("hostname", hostname);
  }

  /** The DHCP config of a test room on the namespace pair's subnet. */
  static JsonObject dhcpConfig() {
    return new JsonObject().put("host", "0.0.0.0").put("serverId", Netns.SERVER_IP)
        .put("subnets", new JsonArray().add(new JsonObject().put("network", "10.99.0.0/16").put("router", "10.99.0.254")
            .put("dns", new JsonArray().add("10.99.0.53")).put("domain", "lab.example").put("leaseSeconds", 600)))
        .put("boot", new JsonObject().put("bios", "undionly.kpxe").put("uefiX64", "ipxe.efi")
            .put("ipxeScriptUrl", "http://" + Netns.SERVER_IP + ":8082/boot/{mac}.ipxe"));
  }

  static NetbootNode start(Netns net, Path dir, JsonObject verticles, JsonArray reservations) throws Exception {
    Path data = dir.resolve("data");
    Path book = data.resolve("rooms/r1/reservations.json");
    Files.createDirectories(book.getParent());
    Files.writeString(book, reservations.encode());
    JsonObject descriptor = new JsonObject()
        .put("node", new JsonObject().put("name", "netboot").put("room", "r1").put("clustered", false)
            .put("dataDir", data.toString()))
        .put("verticles", verticles);
    Path conf = dir.resolve("node.json");
    Files.writeString(conf, descriptor.encodePrettily());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--conf", conf.toString()));
    Path log = dir.resolve("node.log");
    NetbootNode node = new NetbootNode(data, log, net.startIn(net.server, log, command));
    node.awaitLog("NODE-UP", 60);
    return node;
  }

  /** Waits until the node's log contains {@code text}; fails with the log if the node dies or time runs out. */
  void awaitLog(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      String content = ChildNode.read(log);
      if (content.contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the node exited " + process.exitValue() + " before logging '" + text + "':\n" + content);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not log '" + text + "' in " + seconds + " s:\n" + ChildNode.read(log));
  }

  String log() {
    return ChildNode.read(log);
  }
}
