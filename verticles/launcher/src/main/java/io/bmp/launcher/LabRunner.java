package io.bmp.launcher;

import io.bmp.agent.lab.Lab;
import io.bmp.core.node.NodeResources;
import io.bmp.launcher.lab.LabSetup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads where the node's room services listen from its descriptor and starts {@link LabSetup} on
 * them: the lab only works beside a node that runs the whole room (api, scheduler, driver, dhcp,
 * tftp, image) on loopback, which is what the all-in-one node is.
 */
final class LabRunner {

  static final String BMC_USER = "labadmin";
  private static final List<String> NEEDED = List.of("api", "scheduler", "driver", "dhcp", "tftp", "image");
  private static final long DISK_BYTES = 64L << 30;

  private LabRunner() {}

  static Future<LabSetup> start(Node node, int count, boolean demoInstall, int imageMib, int bmcPort, int diskMibps) {
    return start(node, count, demoInstall, imageMib, bmcPort, diskMibps, null);
  }

  /** The same, with machines {@code hosts} makes (null: simulated ones). */
  static Future<LabSetup> start(Node node, int count, boolean demoInstall, int imageMib, int bmcPort, int diskMibps,
      Lab.Hosts hosts) {
    Descriptor d = node.descriptor();
    for (String name : NEEDED) {
      if (d.verticles().stream().noneMatch(e -> e.name().equals(name))) {
        return Future.failedFuture(new DescriptorException("--lab needs a node running the whole room (" + NEEDED
            + "); this descriptor has no " + name));
      }
    }
    if (count < 1 || count > 2000) {
      return Future.failedFuture(new DescriptorException("--lab takes 1 to 2000 machines, not " + count));
    }
    if (imageMib < 1 || imageMib > 4096) {
      return Future.failedFuture(new DescriptorException("--lab-image-mib takes 1 to 4096, not " + imageMib));
    }
    JsonObject api = config(d, "api");
    JsonObject dhcp = config(d, "dhcp");
    JsonObject tftp = config(d, "tftp");
    JsonObject image = config(d, "image");
    if (dhcp.getString("serverId") == null) {
      return Future.failedFuture(new DescriptorException("--lab needs the dhcp verticle serving (a serverId in its config)"));
    }
    Path data = d.dataDir();
    Lab.Settings lab = new Lab.Settings(count, data.resolve("lab"), bmcPort, BMC_USER, null, 300,
        dhcp.getString("host", "127.0.0.1"), dhcp.getInteger("port", 67), "127.0.0.1", dhcp.getInteger("relayPort", 67),
        tftp.getInteger("port", 69), 1, DISK_BYTES, Math.min(256, Math.max(8, count)), 1000,
        (long) diskMibps << 20);
    LabSetup.Plan plan = new LabSetup.Plan(lab, d.room(), "http://127.0.0.1:" + api.getInteger("port", 8080),
        Path.of(tftp.getString("root", data.resolve("tftp").toString())),
        Path.of(image.getString("store", data.resolve("images").toString())), imageMib, demoInstall, hosts);
    NodeResources resources = NodeResources.of(node.vertx());
    return LabSetup.start(node.vertx(), resources.database("lab"), resources.secrets("lab"), plan)
        .onSuccess(setup -> node.beforeStop(setup::close));
  }

  private static JsonObject config(Descriptor d, String name) {
    return d.verticles().stream().filter(e -> e.name().equals(name)).findFirst().map(Descriptor.Entry::config)
        .orElse(new JsonObject());
  }
}
