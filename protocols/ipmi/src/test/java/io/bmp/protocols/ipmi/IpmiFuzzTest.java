package io.bmp.protocols.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.protocols.ipmi.client.ClientHandshake;
import io.bmp.protocols.ipmi.client.ClientSession;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.GetChassisStatus;
import io.bmp.protocols.ipmi.message.CompletionCode;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.payload.OpenSessionRequest;
import io.bmp.protocols.ipmi.payload.Rakp1;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.server.BmcEndpoint;
import io.bmp.protocols.ipmi.server.BmcUser;
import io.bmp.protocols.ipmi.server.CommandHandler;
import io.bmp.protocols.ipmi.session.LanPacket;
import io.bmp.protocols.ipmi.session.SessionCrypto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A million random and mutated datagrams through the decoders, the BMC endpoint and an active
 * client session: the decoders fail only with {@link IpmiDecodeException}, the endpoint never
 * throws, and afterwards both ends still complete a session.
 */
class IpmiFuzzTest {

  @Test
  void nothingButTypedErrors() throws Exception {
    Random random = new Random(623L);
    BmcEndpoint bmc = new BmcEndpoint(Map.of("admin", new BmcUser("admin", "secret", 4))::get, new byte[16],
        Set.of(3, 17), (request, privilege) -> CommandHandler.Reply.ok(new GetChassisStatus.Response(1, 0, 0).encode()),
        random, System::nanoTime, 60, 64);
    ClientHandshake handshake = new ClientHandshake(CipherSuite.SUITE_17, "admin", "secret", 4, 99, new Random(1));
    byte[] rakp1 = handshake.onOpenSession(bmc.handle(handshake.openSession()));
    ClientSession session = handshake.onRakp4(bmc.handle(handshake.onRakp2(bmc.handle(rakp1))));

    List<byte[]> seeds = new ArrayList<>(List.of(
        handshake.capabilities(),
        LanPacket.encode20(0x10, 0, 0, OpenSessionRequest.of(1, 4, 7, CipherSuite.SUITE_3).encode(), SessionCrypto.NONE),
        LanPacket.encode20(0x12, 0, 0, new Rakp1(1, 5, new byte[16], 4, "admin".getBytes()).encode(), SessionCrypto.NONE),
        session.datagram(session.request(GetChassisStatus.ID, new byte[0])),
        IpmiRequest.toBmc(0, 1, 1, new byte[] {1, 2}).encode()));
    int answered = 0;
    for (int i = 0; i < 1_000_000; i++) {
      byte[] packet;
      if (i % 4 == 0) {
        packet = new byte[random.nextInt(120)];
        random.nextBytes(packet);
        if (packet.length > 4 && random.nextBoolean()) {
          System.arraycopy(new byte[] {6, 0, (byte) 0xff, 7}, 0, packet, 0, 4);
        }
      } else {
        packet = seeds.get(random.nextInt(seeds.size())).clone();
        for (int e = 1 + random.nextInt(4); e > 0; e--) {
          packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(8) == 0) {
          packet = Arrays.copyOf(packet, random.nextInt(packet.length + 8));
        }
      }
      if (bmc.handle(packet) != null) {
        answered++;
      }
      try {
        LanPacket.decode(packet);
      } catch (IpmiDecodeException expected) {
        // the one failure allowed
      }
      try {
        session.read(packet);
      } catch (IpmiDecodeException expected) {
        // forged or garbled answers are refused
      }
      try {
        IpmiResponse.decode(packet);
      } catch (IpmiDecodeException expected) {
        // likewise
      }
    }
    assertThat(answered).as("mutated handshakes still get answers").isPositive();
    IpmiRequest request = session.request(GetChassisStatus.ID, new byte[0]);
    IpmiResponse response = session.read(bmc.handle(session.datagram(request)));
    assertThat(response.completionCode()).isEqualTo(CompletionCode.OK);
    assertThat(response.answers(request)).isTrue();
  }
}
