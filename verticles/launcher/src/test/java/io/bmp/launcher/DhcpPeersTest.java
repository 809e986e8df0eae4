package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dhcp verticle against real DHCP clients from Debian's packages, in network namespaces of the
 * test's own: ISC dhclient and busybox udhcpc get exactly the reserved lease, an unknown MAC gets
 * nothing, and Kea's perfdhcp, which talks as a relay agent (giaddr set, server port to server
 * port), gets its answers back at the relay.
 */
class DhcpPeersTest {

  static final String MAC = "52:54:00:aa:bb:01";

  @TempDir Path dir;

  static JsonObject dhcpOnly() {
    return new JsonObject().put("dhcp", new JsonObject().put("instances", 1).put("config", NetbootNode.dhcpConfig()));
  }

  @Test
  void dhclientAndUdhcpcGetExactlyTheReservedLeaseAndAnUnknownMacNothing() throws Exception {
    try (Netns net = Netns.create(MAC)) {
      NetbootNode node = NetbootNode.start(net, dir, dhcpOnly(),
          new JsonArray().add(NetbootNode.reservation(MAC, "10.99.0.21", "node-1")));
      node.awaitLog("DHCP-LISTENING", 30);

      Path conf = dir.resolve("dhclient.conf");
      Files.writeString(conf, "request subnet-mask, routers, domain-name-servers, domain-name, host-name;\n");
      Path leases = dir.resolve("dhclient.leases");
      Netns.Result dhclient = net.execIn(net.client, 60, "dhclient", "-1", "-v", "-cf", conf.toString(),
          "-lf", leases.toString(), "-pf", dir.resolve("dhclient.pid").toString(), "-sf", "/bin/true", net.clientIf);
      assertThat(dhclient.exit()).as(dhclient.output()).isZero();
      String lease = Files.readString(leases);
      assertThat(lease).contains("fixed-address 10.99.0.21;", "option subnet-mask 255.255.0.0;",
          "option routers 10.99.0.254;", "option domain-name-servers 10.99.0.53;", "option domain-name \"lab.example\";",
          "option host-name \"node-1\";", "option dhcp-server-identifier 10.99.0.1;", "option dhcp-lease-time 600;");
      net.execIn(net.client, 10, "dhclient", "-x", "-pf", dir.resolve("dhclient.pid").toString());

      Path script = dir.resolve("udhcpc.sh");
      Path seen = dir.resolve("udhcpc.out");
      Files.writeString(script, "#!/bin/sh\necho \"$1 ip=$ip subnet=$subnet router=$router dns=$dns domain=$domain"
          + " hostname=$hostname serverid=$serverid\" >> " + seen + "\n");
      script.toFile().setExecutable(true);
      Netns.Result udhcpc = net.execIn(net.client, 30, "udhcpc", "-i", net.clientIf, "-n", "-q", "-t", "5", "-T", "1",
          "-s", script.toString());
      assertThat(udhcpc.exit()).as(udhcpc.output()).isZero();
      assertThat(Files.readString(seen)).contains("bound ip=10.99.0.21 subnet=255.255.0.0 router=10.99.0.254"
          + " dns=10.99.0.53 domain=lab.example hostname=node-1 serverid=10.99.0.1");

      net.setClientMac("52:54:00:aa:bb:99");
      Netns.Result unknown = net.execIn(net.client, 30, "udhcpc", "-i", net.clientIf, "-n", "-q", "-t", "2", "-T", "1",
          "-s", script.toString());
      assertThat(unknown.exit()).as("no lease for an unreserved MAC: " + unknown.output()).isNotZero();
      assertThat(Files.readAllLines(seen)).filteredOn(l -> l.startsWith("bound")).hasSize(1);
      assertThat(node.log()).contains("outcome=ACKED 52:54:00:aa:bb:01 → 10.99.0.21");
    }
  }

  @Test
  void perfdhcpTalkingAsARelayGetsItsAnswersAtTheRelay() throws Exception {
    List<String> macs = new ArrayList<>();
    JsonArray reservations = new JsonArray();
    for (int i = 0; i < 100; i++) {
      String mac = String.format("52:54:01:00:%02x:%02x", i / 256, i % 256);
      macs.add(mac);
      reservations.add(NetbootNode.reservation(mac, "10.99.1." + (i + 1), null));
    }
    try (Netns net = Netns.create(MAC)) {
      net.addressClient("10.99.0.2/16"); // the relay's own address: giaddr
      NetbootNode.start(net, dir, dhcpOnly(), reservations).awaitLog("DHCP-LISTENING", 30);
      Path macList = dir.resolve("macs.txt");
      Files.writeString(macList, String.join("\n", macs) + "\n");
      // A request counts as lost only after 5 s (-d; the default is 1 s): on a loaded machine a just-started
      // server's first answers can take most of a second, and this test is about answers, not speed.
      Netns.Result perf = net.execIn(net.client, 60, "perfdhcp", "-4", "-l", net.clientIf, "-M", macList.toString(),
          "-r", "50", "-n", "100", "-t", "1", "-d", "5", Netns.SERVER_IP);
      // perfdhcp prints, per exchange, "sent packets: N" and "received packets: M" (DISCOVER-OFFER, then REQUEST-ACK).
      List<Long> received = numbers(perf.output(), "received packets: (\\d+)");
      assertThat(received).as(perf.output()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(received.get(0)).as("offers: " + perf.output()).isGreaterThanOrEqualTo(95);
      assertThat(received.get(1)).as("acks: " + perf.output()).isGreaterThanOrEqualTo(95);
    }
  }

  static List<Long> numbers(String text, String regex) {
    List<Long> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    return found;
  }
}
