package io.bmp.protocols.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A million random and mutated datagrams through the decoder and the server logic: the only
 * failure allowed is a {@link DhcpDecodeException}, and every reply the server decides to send
 * must itself encode and decode.
 */
class DhcpFuzzTest {

  static final int ROUNDS = 1_000_000;

  @Test
  void nothingButTypedDecodeErrors() throws Exception {
    Random random = new Random(20261121L);
    List<byte[]> seeds = List.of(
        DhcpServerTest.from(DhcpServerTest.MAC, MessageType.DISCOVER).option(Options.USER_CLASS, "iPXE").encode(),
        DhcpServerTest.from(DhcpServerTest.MAC, MessageType.REQUEST).optionAddress(Options.REQUESTED_ADDRESS,
            DhcpServerTest.RESERVED).optionAddress(Options.SERVER_ID, DhcpServerTest.SERVER).encode(),
        DhcpServerTest.from(DhcpServerTest.MAC, MessageType.DISCOVER).giaddr(1).option(Options.RELAY_AGENT_INFO,
            new byte[] {1, 2, 3, 4}).option(Options.CLIENT_ARCH, new byte[] {0, 7}).encode(),
        DhcpMessageTest.packet(DhcpMessageTest.DISCOVER_HEADER, DhcpMessageTest.DISCOVER_OPTIONS));
    DhcpServer full = DhcpServerTest.server(DhcpServer.Mode.FULL);
    DhcpServer proxy = DhcpServerTest.server(DhcpServer.Mode.PROXY);
    int decoded = 0;
    int answered = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] packet = i % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
      DhcpMessage message;
      try {
        message = DhcpMessage.decode(packet);
      } catch (DhcpDecodeException expected) {
        continue;
      }
      decoded++;
      for (DhcpServer server : new DhcpServer[] {full, proxy}) {
        Decision d = server.handle(message, random.nextBoolean(), 0, 68);
        if (d.answers()) {
          answered++;
          DhcpMessage.decode(d.reply().encode());
        }
      }
    }
    assertThat(decoded).as("mutations must reach the server logic, not only the decoder").isGreaterThan(ROUNDS / 4);
    assertThat(answered).isGreaterThan(1000);
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(600)];
    random.nextBytes(b);
    if (b.length > 240 && random.nextBoolean()) { // past the cookie check now and then
      b[236] = 0x63;
      b[237] = (byte) 0x82;
      b[238] = 0x53;
      b[239] = 0x63;
      b[0] = 1;
    }
    return b;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    int edits = 1 + random.nextInt(8);
    for (int e = 0; e < edits; e++) {
      int at = 236 + random.nextInt(b.length - 236); // mostly the options
      if (random.nextInt(5) == 0) {
        at = random.nextInt(b.length);
      }
      b[at] = (byte) random.nextInt(256);
    }
    if (random.nextInt(10) == 0) {
      b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
    }
    return b;
  }
}
