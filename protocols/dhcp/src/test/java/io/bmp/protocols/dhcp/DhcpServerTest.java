package io.bmp.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.protocols.dhcp.Decision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhcpServerTest {

  static final int SERVER = Ipv4.parse("10.99.0.1");
  static final String MAC = "52:54:00:12:34:56";
  static final int RESERVED = Ipv4.parse("10.99.0.50");
  static final Subnet SUBNET = new Subnet(Ipv4.parse("10.99.0.0"), 24, Ipv4.parse("10.99.0.254"),
      List.of(Ipv4.parse("10.99.0.53")), "lab.example", 3600);
  static final BootFiles BOOT = new BootFiles("undionly.kpxe", "ipxe.efi", "ipxe-arm64.efi",
      "http://10.99.0.1:8082/boot/{mac}.ipxe");
  static final Map<String, Reservation> BOOK = Map.of(MAC, new Reservation(MAC, RESERVED, "node-1"));

  static DhcpServer server(DhcpServer.Mode mode) {
    return new DhcpServer(mode, SERVER, SERVER, List.of(SUBNET), BOOT, BOOK::get);
  }

  static DhcpMessage from(String mac, MessageType type) {
    return DhcpMessage.request().mac(mac).xid(0x1234).type(type);
  }

  static Decision handle(DhcpMessage request) throws Exception {
    // Through the codec both ways, as the adapter does.
    Decision d = server(DhcpServer.Mode.FULL).handle(DhcpMessage.decode(request.encode()), false, 0, 68);
    return d.answers() ? new Decision(d.outcome(), DhcpMessage.decode(d.reply().encode()), d.destination(), d.port(), d.detail()) : d;
  }

  @Test
  void offersTheReservedAddressWithTheSubnetsOptions() throws Exception {
    Decision d = handle(from(MAC, MessageType.DISCOVER));
    assertThat(d.outcome()).isEqualTo(Outcome.OFFERED);
    DhcpMessage offer = d.reply();
    assertThat(offer.type()).isEqualTo(MessageType.OFFER);
    assertThat(offer.xid()).isEqualTo(0x1234);
    assertThat(offer.mac()).isEqualTo(MAC);
    assertThat(offer.yiaddr()).isEqualTo(RESERVED);
    assertThat(offer.optionAddress(Options.SUBNET_MASK)).isEqualTo(Ipv4.parse("255.255.255.0"));
    assertThat(offer.optionAddress(Options.ROUTER)).isEqualTo(Ipv4.parse("10.99.0.254"));
    assertThat(offer.optionAddress(Options.DNS_SERVERS)).isEqualTo(Ipv4.parse("10.99.0.53"));
    assertThat(offer.optionString(Options.DOMAIN_NAME)).isEqualTo("lab.example");
    assertThat(offer.optionString(Options.HOSTNAME)).isEqualTo("node-1");
    assertThat(offer.optionAddress(Options.LEASE_TIME)).isEqualTo(3600);
    assertThat(offer.optionAddress(Options.RENEWAL_TIME)).isEqualTo(1800);
    assertThat(offer.optionAddress(Options.REBINDING_TIME)).isEqualTo(3150);
    assertThat(offer.optionAddress(Options.SERVER_ID)).isEqualTo(SERVER);
    assertThat(offer.has(Options.BOOTFILE_NAME)).as("not a network-boot client").isFalse();
    assertThat(d.destination()).isEqualTo(Decision.BROADCAST);
    assertThat(d.port()).isEqualTo(68);
  }

  @Test
  void staysSilentForAnUnknownMac() throws Exception {
    Decision d = handle(from("52:54:00:00:00:99", MessageType.DISCOVER));
    assertThat(d.outcome()).isEqualTo(Outcome.UNKNOWN_CLIENT);
    assertThat(d.answers()).isFalse();
  }

  @Test
  void acksTheRightAddressAndNaksAnyOther() throws Exception {
    Decision ack = handle(from(MAC, MessageType.REQUEST).optionAddress(Options.SERVER_ID, SERVER)
        .optionAddress(Options.REQUESTED_ADDRESS, RESERVED));
    assertThat(ack.outcome()).isEqualTo(Outcome.ACKED);
    assertThat(ack.reply().type()).isEqualTo(MessageType.ACK);
    assertThat(ack.reply().yiaddr()).isEqualTo(RESERVED);

    Decision nak = handle(from(MAC, MessageType.REQUEST).optionAddress(Options.REQUESTED_ADDRESS, Ipv4.parse("10.99.0.7")));
    assertThat(nak.outcome()).isEqualTo(Outcome.NAKED);
    assertThat(nak.reply().type()).isEqualTo(MessageType.NAK);
    assertThat(nak.reply().yiaddr()).isZero();
    assertThat(nak.destination()).isEqualTo(Decision.BROADCAST);

    // Relayed: to the relay, with the broadcast bit set so the relay broadcasts it (RFC 2131 §4.3.2).
    Decision relayedNak = handle(from(MAC, MessageType.REQUEST).giaddr(Ipv4.parse("10.99.0.254"))
        .optionAddress(Options.REQUESTED_ADDRESS, Ipv4.parse("10.99.0.7")));
    assertThat(relayedNak.outcome()).isEqualTo(Outcome.NAKED);
    assertThat(relayedNak.destination()).isEqualTo(Ipv4.parse("10.99.0.254"));
    assertThat(relayedNak.reply().broadcastFlag()).isTrue();

    Decision elsewhere = handle(from(MAC, MessageType.REQUEST).optionAddress(Options.SERVER_ID, Ipv4.parse("10.99.0.2"))
        .optionAddress(Options.REQUESTED_ADDRESS, RESERVED));
    assertThat(elsewhere.outcome()).isEqualTo(Outcome.OTHER_SERVER);
    assertThat(elsewhere.answers()).isFalse();
  }

  @Test
  void renewalsAreAnsweredByUnicastToTheClient() throws Exception {
    Decision d = handle(from(MAC, MessageType.REQUEST).ciaddr(RESERVED));
    assertThat(d.outcome()).isEqualTo(Outcome.ACKED);
    assertThat(d.destination()).isEqualTo(RESERVED);
    assertThat(d.reply().ciaddr()).isEqualTo(RESERVED);
  }

  @Test
  void relayedRequestsGoBackToTheRelayWithOption82Echoed() throws Exception {
    byte[] circuit = {1, 4, 'p', 'o', 'r', 't'};
    Decision d = handle(from(MAC, MessageType.DISCOVER).giaddr(Ipv4.parse("10.99.0.254"))
        .option(Options.RELAY_AGENT_INFO, circuit));
    assertThat(d.destination()).isEqualTo(Ipv4.parse("10.99.0.254"));
    assertThat(d.port()).isEqualTo(67);
    assertThat(d.reply().giaddr()).isEqualTo(Ipv4.parse("10.99.0.254"));
    assertThat(d.reply().option(Options.RELAY_AGENT_INFO)).isEqualTo(circuit);
    List<Integer> order = List.copyOf(d.reply().options().keySet());
    assertThat(order.get(order.size() - 1)).as("option 82 comes last (RFC 3046 §2.1)").isEqualTo(82);
  }

  @Test
  void aClientRelayedFromAnotherNetworkGetsNoOfferAndItsRequestANak() throws Exception {
    int elsewhere = Ipv4.parse("10.42.0.254");
    Decision discover = handle(from(MAC, MessageType.DISCOVER).giaddr(elsewhere));
    assertThat(discover.outcome()).isEqualTo(Outcome.WRONG_NETWORK);
    assertThat(discover.answers()).as("an address that would not work there").isFalse();
    Decision request = handle(from(MAC, MessageType.REQUEST).giaddr(elsewhere)
        .optionAddress(Options.REQUESTED_ADDRESS, RESERVED));
    assertThat(request.outcome()).isEqualTo(Outcome.WRONG_NETWORK);
    assertThat(request.reply().type()).as("a client that moved: RFC 2131 4.3.2").isEqualTo(MessageType.NAK);
    assertThat(request.destination()).isEqualTo(elsewhere);
    // The relay names the client's network itself: RFC 3527 link selection, RFC 3011 subnet selection.
    byte[] linkSelection = {5, 4, 10, 99, 0, 0, 1, 2, 'p', '1'};
    Decision viaLink = handle(from(MAC, MessageType.DISCOVER).giaddr(elsewhere).option(Options.RELAY_AGENT_INFO, linkSelection));
    assertThat(viaLink.outcome()).isEqualTo(Outcome.OFFERED);
    assertThat(viaLink.destination()).as("still answered to the relay").isEqualTo(elsewhere);
    Decision viaSubnet = handle(from(MAC, MessageType.DISCOVER).giaddr(elsewhere)
        .optionAddress(Options.SUBNET_SELECTION, Ipv4.parse("10.99.0.0")));
    assertThat(viaSubnet.outcome()).isEqualTo(Outcome.OFFERED);
    Decision wrongLink = handle(from(MAC, MessageType.DISCOVER).giaddr(Ipv4.parse("10.99.0.254"))
        .optionAddress(Options.SUBNET_SELECTION, Ipv4.parse("10.42.0.0")));
    assertThat(wrongLink.outcome()).isEqualTo(Outcome.WRONG_NETWORK);
  }

  @Test
  void pxeFirmwareGetsTheIpxeBinaryForItsArchitecture() throws Exception {
    assertThat(bootFileFor(null)).isEqualTo("undionly.kpxe");
    assertThat(bootFileFor(0)).isEqualTo("undionly.kpxe");
    assertThat(bootFileFor(7)).isEqualTo("ipxe.efi");
    assertThat(bootFileFor(9)).isEqualTo("ipxe.efi");
    assertThat(bootFileFor(11)).isEqualTo("ipxe-arm64.efi");
    assertThat(bootFileFor(2)).as("Itanium: nothing to give").isNull();
    assertThat(bootFileFor(16)).as("HTTP boot is not given a TFTP name; none configured here").isNull();
  }

  @Test
  void uefiHttpBootFirmwareGetsAnHttpUrlAndTheHttpClientVendorClass() throws Exception {
    BootFiles http = new BootFiles("undionly.kpxe", "ipxe.efi", "ipxe-arm64.efi", "http://10.99.0.1:8082/boot/{mac}.ipxe",
        "http://10.99.0.1:8082/ipxe/ipxe.efi", "http://10.99.0.1:8082/ipxe/ipxe-arm64.efi");
    DhcpServer server = new DhcpServer(DhcpServer.Mode.FULL, SERVER, SERVER, List.of(SUBNET), http, BOOK::get);
    for (int[] arch : new int[][] {{16, 0}, {19, 1}}) {
      DhcpMessage discover = from(MAC, MessageType.DISCOVER).option(Options.VENDOR_CLASS, "HTTPClient:Arch:000" + arch[0] + ":UNDI:003001")
          .option(Options.CLIENT_ARCH, new byte[] {0, (byte) arch[0]});
      DhcpMessage offer = DhcpMessage.decode(server.handle(DhcpMessage.decode(discover.encode()), false, 0, 68).reply().encode());
      assertThat(offer.optionString(Options.BOOTFILE_NAME)).isEqualTo(arch[1] == 0 ? "http://10.99.0.1:8082/ipxe/ipxe.efi"
          : "http://10.99.0.1:8082/ipxe/ipxe-arm64.efi");
      assertThat(offer.optionString(Options.VENDOR_CLASS)).as("EDK2's HttpBootDxe takes only such an offer").isEqualTo("HTTPClient");
    }
    // Once iPXE runs (loaded over HTTP), it gets its script as always, without the HTTPClient class.
    DhcpMessage ipxe = from(MAC, MessageType.DISCOVER).option(Options.CLIENT_ARCH, new byte[] {0, 16})
        .option(Options.USER_CLASS, "iPXE");
    DhcpMessage offer = server.handle(DhcpMessage.decode(ipxe.encode()), false, 0, 68).reply();
    assertThat(offer.optionString(Options.BOOTFILE_NAME)).isEqualTo("http://10.99.0.1:8082/boot/" + MAC.replace(':', '-') + ".ipxe");
    assertThat(offer.has(Options.VENDOR_CLASS)).isFalse();
  }

  private static String bootFileFor(Integer arch) throws Exception {
    DhcpMessage discover = from(MAC, MessageType.DISCOVER).option(Options.VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
    if (arch != null) {
      discover.option(Options.CLIENT_ARCH, new byte[] {(byte) (arch >> 8), (byte) (int) arch});
    }
    DhcpMessage offer = handle(discover).reply();
    if (offer.has(Options.BOOTFILE_NAME)) {
      assertThat(offer.siaddr()).isEqualTo(SERVER);
      assertThat(offer.file()).isEqualTo(offer.optionString(Options.BOOTFILE_NAME));
      assertThat(offer.has(Options.VENDOR_CLASS))
          .as("a full server's offer is a plain DHCP offer with a boot file; PXEClient would send EDK2 to port 4011")
          .isFalse();
    }
    return offer.optionString(Options.BOOTFILE_NAME);
  }

  @Test
  void ipxeGetsTheHttpAddressOfItsOwnScript() throws Exception {
    DhcpMessage discover = from(MAC, MessageType.DISCOVER).option(Options.USER_CLASS, "iPXE")
        .option(Options.CLIENT_ARCH, new byte[] {0, 0}).option(Options.VENDOR_CLASS, "PXEClient:Arch:00000");
    DhcpMessage offer = handle(discover).reply();
    assertThat(offer.optionString(Options.BOOTFILE_NAME)).isEqualTo("http://10.99.0.1:8082/boot/52-54-00-12-34-56.ipxe");
  }

  @Test
  void proxyModeGivesBootOptionsButNoAddressAndOnlyToPxeClients() throws Exception {
    DhcpServer proxy = server(DhcpServer.Mode.PROXY);
    DhcpMessage pxe = from(MAC, MessageType.DISCOVER).option(Options.VENDOR_CLASS, "PXEClient:Arch:00007")
        .option(Options.CLIENT_ARCH, new byte[] {0, 7}).option(Options.CLIENT_UUID, new byte[17]);
    Decision offer = proxy.handle(pxe, false, 0, 68);
    assertThat(offer.outcome()).isEqualTo(Outcome.OFFERED);
    assertThat(offer.reply().yiaddr()).isZero();
    assertThat(offer.reply().has(Options.LEASE_TIME)).isFalse();
    assertThat(offer.reply().optionString(Options.BOOTFILE_NAME)).isEqualTo("ipxe.efi");
    assertThat(offer.reply().option(Options.VENDOR_SPECIFIC)).containsExactly(6, 1, 8, 255);
    assertThat(offer.reply().option(Options.CLIENT_UUID)).hasSize(17);

    DhcpMessage followUp = from(MAC, MessageType.REQUEST).option(Options.VENDOR_CLASS, "PXEClient:Arch:00007")
        .option(Options.CLIENT_ARCH, new byte[] {0, 7}).ciaddr(Ipv4.parse("10.99.0.77"));
    Decision ack = proxy.handle(followUp, true, Ipv4.parse("10.99.0.77"), 4011);
    assertThat(ack.outcome()).isEqualTo(Outcome.ACKED);
    assertThat(ack.destination()).isEqualTo(Ipv4.parse("10.99.0.77"));
    assertThat(ack.port()).isEqualTo(4011);

    assertThat(proxy.handle(from(MAC, MessageType.DISCOVER), false, 0, 68).outcome()).isEqualTo(Outcome.NOT_PXE);
    assertThat(proxy.handle(from(MAC, MessageType.REQUEST).option(Options.VENDOR_CLASS, "PXEClient"), false, 0, 68)
        .answers()).as("the network's own server answers REQUESTs on port 67").isFalse();
  }

  @Test
  void repliesFromOtherServersAreReportedAsRogue() throws Exception {
    DhcpMessage rogue = DhcpMessage.replyTo(from(MAC, MessageType.DISCOVER)).type(MessageType.OFFER)
        .yiaddr(Ipv4.parse("10.99.0.200")).optionAddress(Options.SERVER_ID, Ipv4.parse("10.99.0.66"));
    Decision d = server(DhcpServer.Mode.FULL).handle(DhcpMessage.decode(rogue.encode()), false, 0, 67);
    assertThat(d.outcome()).isEqualTo(Outcome.ROGUE_SERVER);
    assertThat(d.detail()).contains("10.99.0.66");
    DhcpMessage ours = DhcpMessage.replyTo(from(MAC, MessageType.DISCOVER)).type(MessageType.OFFER)
        .optionAddress(Options.SERVER_ID, SERVER);
    assertThat(server(DhcpServer.Mode.FULL).handle(ours, false, 0, 67).outcome()).isEqualTo(Outcome.IGNORED);
    // In proxy mode the network's own server is expected: the operator names it, and it is no rogue.
    DhcpServer proxy = new DhcpServer(DhcpServer.Mode.PROXY, SERVER, SERVER, List.of(SUBNET), BOOT, BOOK::get,
        java.util.Set.of(Ipv4.parse("10.99.0.66")));
    assertThat(proxy.handle(DhcpMessage.decode(rogue.encode()), false, 0, 67).outcome()).isEqualTo(Outcome.IGNORED);
    DhcpMessage another = DhcpMessage.replyTo(from(MAC, MessageType.DISCOVER)).type(MessageType.OFFER)
        .optionAddress(Options.SERVER_ID, Ipv4.parse("10.99.0.67"));
    assertThat(proxy.handle(another, false, 0, 67).outcome()).isEqualTo(Outcome.ROGUE_SERVER);
  }

  @Test
  void releaseDeclineAndInform() throws Exception {
    assertThat(handle(from(MAC, MessageType.RELEASE).ciaddr(RESERVED)).outcome()).isEqualTo(Outcome.RELEASED);
    Decision decline = handle(from(MAC, MessageType.DECLINE).optionAddress(Options.REQUESTED_ADDRESS, RESERVED));
    assertThat(decline.outcome()).isEqualTo(Outcome.DECLINED);
    assertThat(decline.detail()).contains("10.99.0.50");
    Decision inform = handle(from(MAC, MessageType.INFORM).ciaddr(RESERVED));
    assertThat(inform.outcome()).isEqualTo(Outcome.INFORMED);
    assertThat(inform.reply().has(Options.LEASE_TIME)).as("RFC 2131 §3.4: no lease time in an INFORM ack").isFalse();
    assertThat(inform.reply().yiaddr()).isZero();
    assertThat(inform.destination()).isEqualTo(RESERVED);
  }

  @Test
  void plainBootpIsIgnored() throws Exception {
    DhcpMessage bootp = DhcpMessage.request().mac(MAC);
    assertThat(server(DhcpServer.Mode.FULL).handle(DhcpMessage.decode(bootp.encode()), false, 0, 68).outcome())
        .isEqualTo(Outcome.IGNORED);
  }
}
