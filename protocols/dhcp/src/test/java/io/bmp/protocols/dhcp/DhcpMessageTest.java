package io.bmp.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The codec against byte vectors laid out as RFC 2131 §2 (figure 1) and RFC 2132 §3 and §9 spell
 * them, a DHCPDISCOVER as the Wireshark sample capture {@code dhcp.pcap} carries it, and RFC 3396's
 * split options.
 */
class DhcpMessageTest {

  /** Builds a BOOTP header field by field (RFC 2131 figure 1), then the cookie and options. */
  static byte[] packet(String header, String options) {
    byte[] h = HexFormat.of().parseHex(header.replace(" ", ""));
    byte[] fixed = new byte[236];
    System.arraycopy(h, 0, fixed, 0, h.length);
    byte[] o = HexFormat.of().parseHex(("63825363" + options).replace(" ", ""));
    byte[] all = Arrays.copyOf(fixed, 236 + o.length);
    System.arraycopy(o, 0, all, 236, o.length);
    return all;
  }

  // op=1 htype=1 hlen=6 hops=0, xid 0x00003d1d, secs 0, flags 0, ciaddr..giaddr 0, chaddr 00:0b:82:01:fc:42
  static final String DISCOVER_HEADER = "01 01 06 00 00003d1d 0000 0000 00000000 00000000 00000000 00000000 000b8201fc42";
  // 53=DISCOVER, 61=client id (type 1 + MAC), 50=0.0.0.0, 55=[1,3,6,42], END
  static final String DISCOVER_OPTIONS = "350101 3d0701000b8201fc42 3204 00000000 3704 0103062a ff";

  @Test
  void readsTheWiresharkSampleDiscover() throws Exception {
    DhcpMessage m = DhcpMessage.decode(packet(DISCOVER_HEADER, DISCOVER_OPTIONS));
    assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
    assertThat(m.xid()).isEqualTo(0x3d1d);
    assertThat(m.mac()).isEqualTo("00:0b:82:01:fc:42");
    assertThat(m.type()).isEqualTo(MessageType.DISCOVER);
    assertThat(m.option(Options.PARAMETER_REQUEST_LIST)).containsExactly(1, 3, 6, 42);
    assertThat(m.optionAddress(Options.REQUESTED_ADDRESS)).isZero();
    assertThat(m.broadcastFlag()).isFalse();
    assertThat(m.options().keySet()).containsExactly(53, 61, 50, 55);
  }

  @Test
  void writesAnRfc2132OptionLayout() throws Exception {
    DhcpMessage reply = DhcpMessage.replyTo(DhcpMessage.decode(packet(DISCOVER_HEADER, DISCOVER_OPTIONS)))
        .type(MessageType.OFFER)
        .yiaddr(Ipv4.parse("192.168.0.10"))
        .optionAddress(Options.SUBNET_MASK, Ipv4.parse("255.255.255.0"))
        .optionAddress(Options.DNS_SERVERS, Ipv4.parse("10.0.0.53"), Ipv4.parse("10.0.0.54"))
        .optionInt(Options.LEASE_TIME, 3600);
    byte[] bytes = reply.encode();
    assertThat(bytes.length).isEqualTo(300); // padded to the BOOTP minimum
    String hex = HexFormat.of().formatHex(bytes);
    // header: op 2, same htype/hlen/xid, yiaddr at offset 16, chaddr at 28
    assertThat(hex.substring(0, 16)).isEqualTo("0201060000003d1d");
    assertThat(hex.substring(32, 40)).isEqualTo("c0a8000a");
    assertThat(hex.substring(56, 68)).isEqualTo("000b8201fc42");
    // RFC 2132 §9.6 (53 len 1 type), §3.3 (1 len 4 mask), §3.8 (6 len 8 two servers), §9.2 (51 len 4 seconds)
    assertThat(hex.substring(472)).startsWith("63825363" + "350102" + "0104ffffff00" + "06080a0000350a000036"
        + "330400000e10" + "ff");
  }

  @Test
  void roundTripsEveryHeaderField() throws Exception {
    DhcpMessage m = DhcpMessage.request().mac("52:54:00:12:34:56").xid(0xdeadbeef).flags(DhcpMessage.FLAG_BROADCAST)
        .hops(2).ciaddr(Ipv4.parse("10.0.0.1")).yiaddr(Ipv4.parse("10.0.0.2")).siaddr(Ipv4.parse("10.0.0.3"))
        .giaddr(Ipv4.parse("10.0.0.4")).sname("tftp.lab").file("undionly.kpxe")
        .type(MessageType.REQUEST).option(Options.HOSTNAME, "node-7");
    DhcpMessage back = DhcpMessage.decode(m.encode());
    assertThat(back.mac()).isEqualTo("52:54:00:12:34:56");
    assertThat(back.xid()).isEqualTo(0xdeadbeef);
    assertThat(back.broadcastFlag()).isTrue();
    assertThat(back.hops()).isEqualTo(2);
    assertThat(Ipv4.format(back.ciaddr())).isEqualTo("10.0.0.1");
    assertThat(Ipv4.format(back.yiaddr())).isEqualTo("10.0.0.2");
    assertThat(Ipv4.format(back.siaddr())).isEqualTo("10.0.0.3");
    assertThat(Ipv4.format(back.giaddr())).isEqualTo("10.0.0.4");
    assertThat(back.sname()).isEqualTo("tftp.lab");
    assertThat(back.file()).isEqualTo("undionly.kpxe");
    assertThat(back.type()).isEqualTo(MessageType.REQUEST);
    assertThat(back.optionString(Options.HOSTNAME)).isEqualTo("node-7");
  }

  @Test
  void joinsAndSplitsLongOptionsAsRfc3396Says() throws Exception {
    // RFC 3396 §5: an option split into instances is the concatenation of their values, in order.
    DhcpMessage split = DhcpMessage.decode(packet(DISCOVER_HEADER, "350101 0f03 6c6162 0f04 2e636f6d ff"));
    assertThat(split.optionString(Options.DOMAIN_NAME)).isEqualTo("lab.com");

    String longUrl = "http://10.0.0.1:8082/boot/" + "x".repeat(300) + ".ipxe";
    byte[] encoded = DhcpMessage.request().type(MessageType.OFFER).option(Options.BOOTFILE_NAME, longUrl).encode();
    assertThat(DhcpMessage.decode(encoded).optionString(Options.BOOTFILE_NAME)).isEqualTo(longUrl);
  }

  @Test
  void readsOptionsOverloadedIntoTheFileField() throws Exception {
    // RFC 2132 §9.3: option 52 = 1 means the 'file' field holds options too.
    byte[] bytes = packet(DISCOVER_HEADER, "350101 340101 ff");
    byte[] inFile = HexFormat.of().parseHex("0c056e6f64652dff"); // hostname "node-" then END
    System.arraycopy(inFile, 0, bytes, 108, inFile.length);
    DhcpMessage m = DhcpMessage.decode(bytes);
    assertThat(m.optionString(Options.HOSTNAME)).isEqualTo("node-");
    assertThat(m.file()).isEmpty();
  }

  @Test
  void refusesWhatIsNotDhcpWithATypedReason() {
    assertThatThrownBy(() -> DhcpMessage.decode(new byte[100]))
        .isInstanceOfSatisfying(DhcpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DhcpDecodeException.Reason.TOO_SHORT));
    byte[] noCookie = packet(DISCOVER_HEADER, "ff");
    noCookie[236] = 0;
    assertThatThrownBy(() -> DhcpMessage.decode(noCookie))
        .isInstanceOfSatisfying(DhcpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DhcpDecodeException.Reason.BAD_MAGIC_COOKIE));
    assertThatThrownBy(() -> DhcpMessage.decode(packet(DISCOVER_HEADER, "350101 0c20 41")))
        .isInstanceOfSatisfying(DhcpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DhcpDecodeException.Reason.BAD_OPTION));
    assertThatThrownBy(() -> DhcpMessage.decode(packet("03" + DISCOVER_HEADER.substring(2), "ff")))
        .isInstanceOfSatisfying(DhcpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DhcpDecodeException.Reason.BAD_OP));
    assertThatThrownBy(() -> DhcpMessage.decode(packet("010111", "ff")))
        .isInstanceOfSatisfying(DhcpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DhcpDecodeException.Reason.BAD_HARDWARE_ADDRESS));
  }

  @Test
  void readsUserClassBothAsIpxeSendsItAndAsRfc3004Says() throws Exception {
    assertThat(DhcpMessage.decode(packet(DISCOVER_HEADER, "350101 4d0469505845 ff")).hasUserClass("iPXE")).isTrue();
    assertThat(DhcpMessage.decode(packet(DISCOVER_HEADER, "350101 4d080361626304695058 ff")).hasUserClass("iPXE")).isFalse();
    assertThat(DhcpMessage.decode(packet(DISCOVER_HEADER, "350101 4d09036162630469505845 ff")).hasUserClass("iPXE")).isTrue();
  }
}
