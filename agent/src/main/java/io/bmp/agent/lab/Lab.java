package io.bmp.agent.lab;

import io.bmp.agent.host.Host;
import io.bmp.agent.host.SimulatedHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated room of bare-metal machines in one process: each with its own IPMI BMC on a loopback
 * address of its own (127.0.2.1, 127.0.2.2, …; the whole of 127/8 reaches the loopback interface
 * on Linux, so no root is needed), a NIC that network-boots against the room's real DHCP, TFTP and
 * image services, and sparse files for disks under {@code <dir>/<sn>/}.
 */
public final class Lab {

  private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

  /**
   * How a lab is laid out. {@code dhcpHost:dhcpPort} is the room's DHCP server, which answers the
   * lab's relay at {@code relayHost:relayPort}; {@code tftpPort} the room's TFTP server;
   * {@code diskBytesPerSecond} each simulated disk's bandwidth (0: unlimited).
   */
  public record Settings(int count, Path dir, int bmcPort, String bmcUser, String bmcPassword, long powerDelayMillis,
      String dhcpHost, int dhcpPort, String relayHost, int relayPort, int tftpPort, int disks, long diskBytes,
      int workers, long progressMillis, long diskBytesPerSecond) {

    public Settings {
      if (count < 1 || count > 10_000) {
        throw new IllegalArgumentException("a lab has 1 to 10000 nodes, not " + count);
      }
    }

    /** The same lab with its BMCs' password (made or read where the lab keeps it). */
    public Settings withBmcPassword(String password) {
      return new Settings(count, dir, bmcPort, bmcUser, password, powerDelayMillis, dhcpHost, dhcpPort, relayHost,
          relayPort, tftpPort, disks, diskBytes, workers, progressMillis, diskBytesPerSecond);
    }
  }

  /** What identifies node {@code i} (from 1): the same on every start, so a restarted lab finds its devices. */
  public record Identity(String sn, String mac, String bmcAddress, String ipv4) {
    public static Identity of(int i) {
      int hi = (i - 1) / 250;
      int lo = (i - 1) % 250 + 1;
      return new Identity(String.format(Locale.ROOT, "LAB-%04d", i),
          String.format(Locale.ROOT, "52:54:00:1a:%02x:%02x", i >> 8 & 0xff, i & 0xff),
          "127.0." + (2 + hi) + "." + lo, "10.250." + hi + "." + (lo + 1));
    }
  }

  /** The lab network (10.250.0.0/16, where {@link Identity} puts the nodes) as its relay names it. */
  public static final String NETWORK_GATEWAY = "10.250.0.1";

  private final Settings settings;
  private final List<LabNode> nodes;
  private final DhcpRelay relay;
  private final WebClient http;
  private final WorkerExecutor worker;

  private Lab(Settings settings, List<LabNode> nodes, DhcpRelay relay, WebClient http, WorkerExecutor worker) {
    this.settings = settings;
    this.nodes = List.copyOf(nodes);
    this.relay = relay;
    this.http = http;
    this.worker = worker;
  }

  /** Makes node {@code id}'s machine, its files under {@code dir}; called on a worker thread. */
  @FunctionalInterface
  public interface Hosts {
    Host create(Identity id, Path dir) throws IOException;
  }

  /** Simulated machines: sparse files as disks, as the settings size them. */
  public static Hosts simulated(Settings s) {
    return (id, dir) -> new SimulatedHost(dir, new SimulatedHost.Spec(id.sn(), List.of(id.mac()), s.disks(), s.diskBytes()))
        .throttle(s.diskBytesPerSecond());
  }

  /** Starts every node (their BMCs listening, their state restored); fails if a BMC's address cannot be had. */
  public static Future<Lab> start(Vertx vertx, Settings s) {
    return start(vertx, s, simulated(s));
  }

  /** The same, with machines that {@code hosts} makes. */
  public static Future<Lab> start(Vertx vertx, Settings s, Hosts hosts) {
    // Each node keeps a long poll open and sometimes a report or a download beside it.
    WebClient http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("BMP-Lab-NIC/1.0"),
        new PoolOptions().setHttp1MaxSize(Math.max(8, s.count() * 3)));
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("lab-hosts", s.workers());
    SimulatedBmc.Settings bmcSettings = SimulatedBmc.Settings.of(s.bmcUser(), s.bmcPassword(), s.powerDelayMillis());
    return DhcpRelay.start(vertx, s.dhcpHost(), s.dhcpPort(), s.relayHost(), s.relayPort(), NETWORK_GATEWAY).compose(relay -> {
      NicRom rom = new NicRom(vertx, relay, http, new NicRom.Network(s.relayHost(), s.tftpPort()));
      LabNode.Shared shared = new LabNode.Shared(vertx, http, worker, rom, s.progressMillis());
      List<Future<LabNode>> starting = new ArrayList<>();
      for (int i = 1; i <= s.count(); i++) {
        Identity id = Identity.of(i);
        int product = i;
        Path dir = s.dir().resolve(id.sn());
        starting.add(vertx.executeBlocking(() -> {
          java.nio.file.Files.createDirectories(dir);
          return hosts.create(id, dir);
        }, false)
            .compose(host -> SimulatedBmc.start(vertx, id.bmcAddress(), s.bmcPort(), bmcSettings, product)
                .compose(bmc -> {
                  LabNode node = new LabNode(shared, id.sn(), id.mac(), bmc, host, dir);
                  return node.attach().map(node);
                })));
      }
      return Future.join(starting).transform(done -> {
        List<LabNode> started = starting.stream().filter(Future::succeeded).map(Future::result).toList();
        Lab lab = new Lab(s, started, relay, http, worker);
        if (done.succeeded()) {
          LOG.info("LAB-UP nodes={} bmcs={}..{}:{} dir={}", started.size(), Identity.of(1).bmcAddress(),
              Identity.of(s.count()).bmcAddress(), s.bmcPort(), s.dir());
          return Future.succeededFuture(lab);
        }
        return lab.close().transform(closed -> Future.failedFuture(done.cause()));
      });
    });
  }

  public List<LabNode> nodes() {
    return nodes;
  }

  public Settings settings() {
    return settings;
  }

  public Future<Void> close() {
    return Future.join(nodes.stream().map(LabNode::close).toList())
        .transform(v -> relay.close())
        .onComplete(v -> {
          http.close();
          worker.close();
        });
  }
}
