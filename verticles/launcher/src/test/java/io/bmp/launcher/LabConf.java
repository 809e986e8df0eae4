package io.bmp.launcher;

import io.bmp.core.testing.Ports;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged all-in-one descriptor with every listener on a free loopback port (so lab tests
 * never collide with each other or a running node), a known first-administrator password, and
 * scheduler timeouts a test can wait for. Usable in process and, written to a file, by a child JVM.
 */
final class LabConf {

  static final String ADMIN_PASSWORD = "Lab-Test-Passw0rd!";

  final int apiPort = Ports.free();
  final int imagePort = Ports.free();
  final int dhcpPort = Ports.freeUdp();
  final int relayPort = Ports.freeUdp();
  final int tftpPort = Ports.freeUdp();
  final int bmcPort = Ports.freeUdp();
  final JsonObject json;

  LabConf(JsonObject schedulerSteps) {
    json = Descriptor.load(null).json().copy();
    JsonObject verticles = json.getJsonObject("verticles");
    verticles.getJsonObject("api").getJsonObject("config").put("host", "127.0.0.1").put("port", apiPort)
        .put("operatorPort", 0).put("adminPassword", ADMIN_PASSWORD);
    verticles.getJsonObject("image").getJsonObject("config").put("port", imagePort);
    JsonObject dhcp = verticles.getJsonObject("dhcp").getJsonObject("config");
    dhcp.put("port", dhcpPort).put("clientPort", relayPort).put("relayPort", relayPort);
    dhcp.getJsonObject("boot").put("ipxeScriptUrl", "http://127.0.0.1:" + imagePort + "/boot/{mac}.ipxe");
    verticles.getJsonObject("tftp").getJsonObject("config").put("port", tftpPort);
    // The background power sync every second, and central checking the watch lists as often.
    verticles.getJsonObject("driver").getJsonObject("config").put("powerSyncMillis", 1000);
    verticles.getJsonObject("scheduler").put("config", new JsonObject().put("retryBaseMillis", 200).put("sweepMillis", 5000)
        .put("watchSyncMillis", 1000)
        .put("boot", new JsonObject().put("imageUrl", "http://127.0.0.1:" + imagePort)
            .put("agentEndpoint", "http://127.0.0.1:" + apiPort + "/agent/v1"))
        .put("steps", schedulerSteps));
  }

  Descriptor descriptor(Path dataDir) {
    return Descriptor.parse("lab test", json.encode()).resolve(Map.of(), null, dataDir.toString());
  }

  Path write(Path file) throws IOException {
    Files.writeString(file, json.encodePrettily());
    return file;
  }

  String apiBase() {
    return "http://127.0.0.1:" + apiPort;
  }
}
