package io.bmp.core.repo;

import io.bmp.core.domain.NetworkInterface;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A device's NICs as the JSON text of {@code devices.interfaces_json} (see migration V5): the
 * list reads a page of devices with their NICs in one query instead of two. Ordered by NIC index,
 * as the table is read.
 */
public final class InterfaceSummary {

  private InterfaceSummary() {}

  public static String encode(List<NetworkInterface> nics) {
    JsonArray out = new JsonArray();
    nics.stream().sorted(Comparator.comparingInt(NetworkInterface::index)).forEach(nic -> out.add(new JsonObject()
        .put("name", nic.name()).put("mac", nic.mac()).put("role", nic.role()).put("index", nic.index())
        .put("switchIp", nic.switchIp()).put("switchPort", nic.switchPort())));
    return out.encode();
  }

  public static List<NetworkInterface> decode(String json) {
    JsonArray in = new JsonArray(json);
    List<NetworkInterface> nics = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      JsonObject nic = in.getJsonObject(i);
      nics.add(new NetworkInterface(nic.getString("name"), nic.getString("mac"), nic.getString("role"),
          nic.getInteger("index"), nic.getString("switchIp"), nic.getString("switchPort")));
    }
    return nics;
  }
}
