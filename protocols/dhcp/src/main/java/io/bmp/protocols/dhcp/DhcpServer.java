package io.bmp.protocols.dhcp;

import io.bmp.protocols.dhcp.Decision.Outcome;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The DHCPv4 server's whole behaviour as one function from a received message to a {@link Decision}
 * (RFC 2131 §4.3), with no sockets: the adapter decodes, calls {@link #handle}, and sends what it says.
 *
 * <p>Reservation-only: a MAC without a reservation gets no answer. A reserved client gets its
 * address and its subnet's options, and a network-booting client its boot file: PXE firmware the
 * iPXE binary for its architecture (option 93), iPXE (option 77 "iPXE" or option 175) the URL of
 * its script. Relayed requests (giaddr set) are answered to the relay with option 82 echoed.
 *
 * <p>In proxy mode (PXE spec §2.2.3, "proxyDHCP") the network keeps its own DHCP server: this one
 * gives no address, only boot options, and only to PXE clients; it also answers their follow-up
 * REQUEST on port 4011.
 */
public final class DhcpServer {

  public enum Mode { FULL, PROXY }

  public static final int SERVER_PORT = 67;
  public static final int CLIENT_PORT = 68;
  public static final int PROXY_PORT = 4011;
  private static final byte[] PXE_CLIENT = "PXEClient".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** UEFI HTTP boot firmware's vendor class, which an HTTP boot offer must carry back (UEFI 2.x §24.7). */
  private static final byte[] HTTP_CLIENT = "HTTPClient".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Option 43, PXE sub-option 6 (discovery control) = 8: "boot file given, do not prompt or discover". */
  private static final byte[] PXE_DISCOVERY_CONTROL = {6, 1, 8, (byte) 255};

  private final Mode mode;
  private final java.util.Set<Integer> knownServers;
  private final int serverId;
  private final int nextServer;
  private final List<Subnet> subnets;
  private final BootFiles boot;
  private final Function<String, Reservation> reservations;

  /**
   * @param serverId this server's address as clients reach it (option 54)
   * @param nextServer the TFTP server for first-stage boot files (siaddr)
   * @param reservations the reservation of a canonical MAC, or null
   */
  public DhcpServer(Mode mode, int serverId, int nextServer, List<Subnet> subnets, BootFiles boot,
      Function<String, Reservation> reservations) {
    this(mode, serverId, nextServer, subnets, boot, reservations, java.util.Set.of());
  }

  /**
   * @param knownServers other DHCP servers whose replies are expected (in proxy mode, the
   *     network's own server): not reported as rogue
   */
  public DhcpServer(Mode mode, int serverId, int nextServer, List<Subnet> subnets, BootFiles boot,
      Function<String, Reservation> reservations, java.util.Set<Integer> knownServers) {
    this.knownServers = java.util.Set.copyOf(knownServers);
    this.mode = Objects.requireNonNull(mode);
    this.serverId = serverId;
    this.nextServer = nextServer;
    this.subnets = List.copyOf(subnets);
    this.boot = Objects.requireNonNull(boot);
    this.reservations = Objects.requireNonNull(reservations);
  }

  /**
   * Decides the answer to one message.
   *
   * @param receivedOnProxyPort true when the message came to port 4011 (proxy mode's second exchange)
   * @param sourceAddress the sender's address, used only to answer a PXE client on port 4011
   * @param sourcePort the sender's port, likewise
   */
  public Decision handle(DhcpMessage request, boolean receivedOnProxyPort, int sourceAddress, int sourcePort) {
    if (request.op() == DhcpMessage.BOOTREPLY) {
      Integer from = request.optionAddress(Options.SERVER_ID);
      if (from != null && from == serverId) {
        return Decision.silent(Outcome.IGNORED, "our own reply");
      }
      if (from != null && knownServers.contains(from)) {
        return Decision.silent(Outcome.IGNORED, request.type() + " to " + request.mac() + " from known server " + Ipv4.format(from));
      }
      return Decision.silent(Outcome.ROGUE_SERVER, request.type() + " to " + request.mac() + " from server "
          + (from == null ? "without id" : Ipv4.format(from)) + ", address " + Ipv4.format(request.yiaddr()));
    }
    MessageType type = request.type();
    if (type == null) {
      return Decision.silent(Outcome.IGNORED, "BOOTP request from " + request.mac() + " (no DHCP message type)");
    }
    String mac = request.mac();
    if (mode == Mode.PROXY) {
      return proxy(request, type, mac, receivedOnProxyPort, sourceAddress, sourcePort);
    }
    Reservation reservation = request.hlen() == 6 ? reservations.apply(mac) : null;
    if (reservation == null) {
      return Decision.silent(Outcome.UNKNOWN_CLIENT, type + " from " + mac + ": no reservation");
    }
    Subnet subnet = subnetOf(reservation.address());
    if (subnet == null) {
      return Decision.silent(Outcome.IGNORED, "reservation " + Ipv4.format(reservation.address()) + " of " + mac
          + " is in no configured subnet");
    }
    int link = clientNetwork(request);
    if (link != 0 && !subnet.contains(link) && (type == MessageType.DISCOVER || type == MessageType.REQUEST
        || type == MessageType.INFORM)) {
      String detail = type + " from " + mac + " relayed from " + Ipv4.format(link) + ", but its reserved address "
          + Ipv4.format(reservation.address()) + " is not on that network";
      return type == MessageType.REQUEST
          ? nak(request, Outcome.WRONG_NETWORK, "address " + Ipv4.format(reservation.address()) + " is not on this network", detail)
          : Decision.silent(Outcome.WRONG_NETWORK, detail);
    }
    return switch (type) {
      case DISCOVER -> answer(request, MessageType.OFFER, reservation, subnet, Outcome.OFFERED);
      case REQUEST -> request(request, reservation, subnet);
      case INFORM -> inform(request, reservation, subnet);
      case RELEASE -> Decision.silent(Outcome.RELEASED, mac + " released " + Ipv4.format(request.ciaddr()));
      case DECLINE -> Decision.silent(Outcome.DECLINED, mac + " declined " + address(request)
          + ": another host answers on it");
      default -> Decision.silent(Outcome.IGNORED, type + " from " + mac + " is a server message");
    };
  }

  private static String address(DhcpMessage request) {
    Integer requested = request.optionAddress(Options.REQUESTED_ADDRESS);
    return Ipv4.format(requested == null ? request.ciaddr() : requested);
  }

  private Subnet subnetOf(int address) {
    for (Subnet s : subnets) {
      if (s.contains(address)) {
        return s;
      }
    }
    return null;
  }

  private Decision request(DhcpMessage request, Reservation reservation, Subnet subnet) {
    Integer chosenServer = request.optionAddress(Options.SERVER_ID);
    if (chosenServer != null && chosenServer != serverId) {
      return Decision.silent(Outcome.OTHER_SERVER, request.mac() + " chose server " + Ipv4.format(chosenServer));
    }
    Integer requested = request.optionAddress(Options.REQUESTED_ADDRESS);
    int wanted = requested != null ? requested : request.ciaddr(); // SELECTING/INIT-REBOOT vs RENEWING/REBINDING
    if (wanted != reservation.address()) {
      return nak(request, Outcome.NAKED, "address " + Ipv4.format(wanted) + " is not reserved for this client",
          request.mac() + " asked for " + Ipv4.format(wanted));
    }
    return answer(request, MessageType.ACK, reservation, subnet, Outcome.ACKED);
  }

  private Decision nak(DhcpMessage request, Outcome outcome, String message, String detail) {
    DhcpMessage nak = DhcpMessage.replyTo(request).type(MessageType.NAK)
        .optionAddress(Options.SERVER_ID, serverId)
        .option(Options.MESSAGE, message);
    echoRelayInfo(request, nak);
    // A NAK is broadcast unless relayed (RFC 2131 §4.1): the client may have no usable address.
    // Relayed, it carries the broadcast bit so that the relay broadcasts it too (§4.3.2).
    return request.giaddr() != 0
        ? new Decision(outcome, nak.flags(nak.flags() | DhcpMessage.FLAG_BROADCAST), request.giaddr(), SERVER_PORT, detail)
        : new Decision(outcome, nak, Decision.BROADCAST, CLIENT_PORT, detail);
  }

  /**
   * The network a relayed client is on: the subnet selection option (RFC 3011), else option 82's
   * link selection (RFC 3527), else giaddr (RFC 2131 §4.3.1); 0 for a client on our own link.
   */
  private static int clientNetwork(DhcpMessage request) {
    Integer selected = request.optionAddress(Options.SUBNET_SELECTION);
    if (selected != null) {
      return selected;
    }
    byte[] agent = request.option(Options.RELAY_AGENT_INFO);
    for (int i = 0; agent != null && i + 1 < agent.length; i += 2 + (agent[i + 1] & 0xff)) {
      if ((agent[i] & 0xff) == Options.RELAY_LINK_SELECTION && (agent[i + 1] & 0xff) == 4 && i + 6 <= agent.length) {
        return java.nio.ByteBuffer.wrap(agent, i + 2, 4).getInt();
      }
    }
    return request.giaddr();
  }

  private Decision inform(DhcpMessage request, Reservation reservation, Subnet subnet) {
    DhcpMessage ack = DhcpMessage.replyTo(request).type(MessageType.ACK).ciaddr(request.ciaddr())
        .optionAddress(Options.SERVER_ID, serverId);
    subnetOptions(ack, subnet);
    echoRelayInfo(request, ack);
    int to = request.giaddr() != 0 ? request.giaddr() : request.ciaddr() != 0 ? request.ciaddr() : Decision.BROADCAST;
    return new Decision(Outcome.INFORMED, ack, to, request.giaddr() != 0 ? SERVER_PORT : CLIENT_PORT,
        request.mac() + " at " + Ipv4.format(request.ciaddr()));
  }

  private Decision answer(DhcpMessage request, MessageType type, Reservation reservation, Subnet subnet, Outcome outcome) {
    DhcpMessage reply = DhcpMessage.replyTo(request).type(type)
        .yiaddr(reservation.address())
        .ciaddr(type == MessageType.ACK ? request.ciaddr() : 0)
        .optionAddress(Options.SERVER_ID, serverId)
        .optionInt(Options.LEASE_TIME, subnet.leaseSeconds())
        .optionInt(Options.RENEWAL_TIME, subnet.leaseSeconds() / 2)
        .optionInt(Options.REBINDING_TIME, (int) (subnet.leaseSeconds() * 7L / 8));
    subnetOptions(reply, subnet);
    if (reservation.hostname() != null && !reservation.hostname().isBlank()) {
      reply.option(Options.HOSTNAME, reservation.hostname());
    }
    String bootFile = bootFile(request);
    if (bootFile != null) {
      putBootFile(request, reply, bootFile);
    }
    echoRelayInfo(request, reply);
    String detail = request.mac() + " → " + Ipv4.format(reservation.address()) + (bootFile == null ? "" : ", boot " + bootFile);
    if (request.giaddr() != 0) {
      return new Decision(outcome, reply, request.giaddr(), SERVER_PORT, detail + " via relay " + Ipv4.format(request.giaddr()));
    }
    if (request.ciaddr() != 0 && type == MessageType.ACK) {
      return new Decision(outcome, reply, request.ciaddr(), CLIENT_PORT, detail);
    }
    // A client without an address can only be reached by unicast with an ARP entry we cannot set
    // from a UDP socket, so it gets a broadcast (allowed by RFC 2131 §4.1).
    return new Decision(outcome, reply, Decision.BROADCAST, CLIENT_PORT, detail);
  }

  private static void subnetOptions(DhcpMessage reply, Subnet subnet) {
    reply.optionAddress(Options.SUBNET_MASK, subnet.mask());
    if (subnet.router() != null) {
      reply.optionAddress(Options.ROUTER, subnet.router());
    }
    if (!subnet.dnsServers().isEmpty()) {
      reply.optionAddress(Options.DNS_SERVERS, subnet.dnsServers().stream().mapToInt(Integer::intValue).toArray());
    }
    if (subnet.domain() != null && !subnet.domain().isBlank()) {
      reply.option(Options.DOMAIN_NAME, subnet.domain());
    }
  }

  /** True for iPXE: it says so in option 77 and carries its own option space 175. */
  static boolean isIpxe(DhcpMessage request) {
    return request.hasUserClass("iPXE") || request.has(Options.IPXE_ENCAPSULATED);
  }

  /** True for network-boot firmware: vendor class "PXEClient…" or "HTTPClient…", or an architecture option. */
  static boolean isPxe(DhcpMessage request) {
    byte[] vendor = request.option(Options.VENDOR_CLASS);
    return request.has(Options.CLIENT_ARCH)
        || vendor != null && (startsWith(vendor, PXE_CLIENT) || startsWith(vendor, HTTP_CLIENT));
  }

  private static boolean startsWith(byte[] value, byte[] prefix) {
    if (value.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (value[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private String bootFile(DhcpMessage request) {
    if (isIpxe(request)) {
      return boot.forIpxe(request.mac());
    }
    if (isPxe(request)) {
      return boot.forFirmware(ClientArchitecture.of(request.clientArchitectureCode()));
    }
    return null;
  }

  private void putBootFile(DhcpMessage request, DhcpMessage reply, String bootFile) {
    reply.siaddr(nextServer);
    if (bootFile.length() < 128) {
      reply.file(bootFile);
    }
    reply.option(Options.BOOTFILE_NAME, bootFile);
    if (!isIpxe(request) && ClientArchitecture.of(request.clientArchitectureCode()).httpBoot()) {
      // HTTP boot firmware (EDK2's HttpBootDxe) takes only an offer that says HTTPClient.
      reply.option(Options.VENDOR_CLASS, HTTP_CLIENT);
    }
    // No vendor class "PXEClient" here, as ISC dhcpd and dnsmasq do: UEFI firmware (EDK2's PxeBc)
    // takes an offer carrying it without PXE option 43 for a BINL offer and asks port 4011 for the
    // boot file, which only a proxy answers ("PXE-E16: No valid offer received"). Found by the
    // OVMF boot in PxeBootTest. proxy() adds it, with option 43, where it belongs.
  }

  private static void echoRelayInfo(DhcpMessage request, DhcpMessage reply) {
    byte[] relayInfo = request.option(Options.RELAY_AGENT_INFO);
    if (relayInfo != null && request.giaddr() != 0) {
      reply.option(Options.RELAY_AGENT_INFO, relayInfo); // RFC 3046 §2.2: echoed unchanged, last
    }
  }

  private Decision proxy(DhcpMessage request, MessageType type, String mac, boolean onProxyPort, int sourceAddress,
      int sourcePort) {
    if (!isPxe(request) && !isIpxe(request)) {
      return Decision.silent(Outcome.NOT_PXE, type + " from " + mac + " is not a network-boot client");
    }
    if (reservations.apply(mac) == null) {
      return Decision.silent(Outcome.UNKNOWN_CLIENT, type + " from " + mac + ": no reservation");
    }
    if (type != MessageType.DISCOVER && !(type == MessageType.REQUEST && onProxyPort)) {
      return Decision.silent(Outcome.IGNORED, type + " from " + mac + " is for the network's own DHCP server");
    }
    String bootFile = bootFile(request);
    DhcpMessage reply = DhcpMessage.replyTo(request)
        .type(type == MessageType.DISCOVER ? MessageType.OFFER : MessageType.ACK)
        .optionAddress(Options.SERVER_ID, serverId)
        .option(Options.VENDOR_CLASS, PXE_CLIENT);
    if (request.has(Options.CLIENT_UUID)) {
      reply.option(Options.CLIENT_UUID, request.option(Options.CLIENT_UUID));
    }
    reply.option(Options.VENDOR_SPECIFIC, PXE_DISCOVERY_CONTROL);
    if (bootFile != null) {
      putBootFile(request, reply, bootFile);
    }
    String detail = "proxy " + mac + (bootFile == null ? " (no boot file for its architecture)" : ", boot " + bootFile);
    if (onProxyPort) {
      return new Decision(Outcome.ACKED, reply, sourceAddress, sourcePort, detail);
    }
    echoRelayInfo(request, reply);
    return request.giaddr() != 0
        ? new Decision(Outcome.OFFERED, reply, request.giaddr(), SERVER_PORT, detail)
        : new Decision(Outcome.OFFERED, reply, Decision.BROADCAST, CLIENT_PORT, detail);
  }
}
