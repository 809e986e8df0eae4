package io.bmp.agent.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The cloud-init NoCloud seed (meta-data, network-config v2, user-data) and the guest agent's
 * settings, rendered from the scheduler's cloud-init command, for both hosts: the simulated one
 * writes them into its directory, the Linux one into the installed root filesystem.
 */
public final class NoCloudSeed {

  /** Where cloud-init's NoCloud source looks for a seed inside the installed system. */
  public static final String SEED_DIR = "var/lib/cloud/seed/nocloud";
  /** The guest agent's settings (endpoint and guest token) inside the installed system. */
  public static final String GUEST_SETTINGS = "etc/bmp/guest.json";

  private final JsonObject seed;

  public NoCloudSeed(JsonObject seed) {
    this.seed = seed;
  }

  public String metaData() {
    StringBuilder meta = new StringBuilder()
        .append("instance-id: ").append(seed.getString("instanceId")).append('\n')
        .append("local-hostname: ").append(seed.getString("hostname")).append('\n');
    JsonArray keys = seed.getJsonArray("sshKeys", new JsonArray());
    if (!keys.isEmpty()) {
      meta.append("public-keys:\n");
      keys.forEach(k -> meta.append("  - \"").append(k).append("\"\n"));
    }
    return meta.toString();
  }

  public String networkConfig() {
    JsonObject net = seed.getJsonObject("network", new JsonObject());
    return "version: 2\nethernets:\n  eth0:\n    match:\n      macaddress: \"" + net.getString("mac") + "\"\n"
        + "    set-name: eth0\n    addresses: [" + net.getString("address") + "/" + prefix(net.getString("mask")) + "]\n"
        + (net.getString("gateway") == null ? "" : "    gateway4: " + net.getString("gateway") + "\n");
  }

  public String userData() {
    String userData = seed.getString("userData");
    return userData != null ? userData : "#cloud-config\n";
  }

  public String hostname() {
    return seed.getString("hostname");
  }

  /** Endpoint, guest token and instance id: what the installed OS calls back with. */
  public JsonObject guestSettings() {
    return seed.getJsonObject("guest", new JsonObject()).copy().put("instanceId", seed.getString("instanceId"));
  }

  /** Writes the three seed files into {@code seedDir} and the guest settings (mode 0600: it holds a token) to {@code guestFile}. */
  public void writeTo(Path seedDir, Path guestFile) throws IOException {
    Files.createDirectories(seedDir);
    Files.writeString(seedDir.resolve("meta-data"), metaData());
    Files.writeString(seedDir.resolve("network-config"), networkConfig());
    Files.writeString(seedDir.resolve("user-data"), userData());
    Files.createDirectories(guestFile.getParent());
    Files.deleteIfExists(guestFile);
    Files.createFile(guestFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(guestFile, guestSettings().encodePrettily());
  }

  static int prefix(String mask) {
    if (mask == null) {
      return 24;
    }
    int bits = 0;
    for (String part : mask.split("\\.")) {
      bits += Integer.bitCount(Integer.parseInt(part));
    }
    return bits;
  }
}
