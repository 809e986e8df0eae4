package io.bmp.core.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bmp.core.domain.NetworkInterface;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A device's NICs as the JSON text of {@code devices.interfaces_json} (see migration V5): the
 * list reads a page of devices with their NICs in one query instead of two. Ordered by NIC index,
 * as the table is read.
 */
public final class InterfaceSummary {

  private static final JsonFactory JSON = new JsonFactory();

  private InterfaceSummary() {}

  public static String encode(List<NetworkInterface> nics) {
    JsonArray out = new JsonArray();
    nics.stream().sorted(Comparator.comparingInt(NetworkInterface::index)).forEach(nic -> out.add(new JsonObject()
        .put("name", nic.name()).put("mac", nic.mac()).put("role", nic.role()).put("index", nic.index())
        .put("switchIp", nic.switchIp()).put("switchPort", nic.switchPort())));
    return out.encode();
  }

  /**
   * The NICs of a summary, read with Jackson's streaming parser: every device of a list page goes
   * through here, and building a {@code JsonArray} of maps first was a seventh of the list's CPU.
   * Unknown fields are skipped, so a summary written by a later version still reads.
   */
  public static List<NetworkInterface> decode(String json) {
    try (JsonParser in = JSON.createParser(json)) {
      if (in.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("a NIC summary is a JSON array: " + json);
      }
      List<NetworkInterface> nics = new ArrayList<>(2);
      while (in.nextToken() == JsonToken.START_OBJECT) {
        nics.add(nic(in));
      }
      return nics;
    } catch (IOException e) {
      throw new UncheckedIOException("a NIC summary could not be read: " + json, e);
    }
  }

  private static NetworkInterface nic(JsonParser in) throws IOException {
    String name = null;
    String mac = null;
    String role = null;
    int index = 0;
    String switchIp = null;
    String switchPort = null;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String field = in.currentName();
      JsonToken value = in.nextToken();
      switch (field) {
        case "name" -> name = in.getValueAsString();
        case "mac" -> mac = in.getValueAsString();
        case "role" -> role = in.getValueAsString();
        case "index" -> index = in.getValueAsInt();
        case "switchIp" -> switchIp = in.getValueAsString();
        case "switchPort" -> switchPort = in.getValueAsString();
        default -> {
          if (value.isStructStart()) {
            in.skipChildren();
          }
        }
      }
    }
    return new NetworkInterface(name, mac, role, index, switchIp, switchPort);
  }
}
