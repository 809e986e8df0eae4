package io.bmp.protocols.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A million random and mutated datagrams through the decoder, the option negotiation and the path
 * check: the only failures allowed are {@link TftpDecodeException} and {@link TftpPaths.Refused}.
 */
class TftpFuzzTest {

  @Test
  void nothingButTypedErrors() throws Exception {
    Random random = new Random(7440L);
    List<byte[]> seeds = List.of(
        new TftpPacket.Request(false, "pxelinux.cfg/01-52-54-00-12-34-56", "octet",
            Map.of("blksize", "1468", "tsize", "0", "windowsize", "16", "timeout", "2")).encode(),
        new TftpPacket.Ack(3).encode(), new TftpPacket.Error(TftpError.FILE_NOT_FOUND, "x").encode(),
        new TftpPacket.OptionAck(Map.of("blksize", "1468")).encode(), new TftpPacket.Data(9, new byte[20]).encode());
    int requests = 0;
    for (int i = 0; i < 1_000_000; i++) {
      byte[] packet;
      if (i % 4 == 0) {
        packet = new byte[random.nextInt(80)];
        random.nextBytes(packet);
        if (packet.length > 1) {
          packet[0] = 0;
          packet[1] = (byte) random.nextInt(8);
        }
      } else {
        packet = seeds.get(random.nextInt(seeds.size())).clone();
        for (int e = 1 + random.nextInt(4); e > 0; e--) {
          packet[random.nextInt(packet.length)] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256));
        }
        if (random.nextInt(8) == 0) {
          packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 1));
        }
      }
      TftpPacket p;
      try {
        p = TftpPacket.decode(packet);
      } catch (TftpDecodeException expected) {
        continue;
      }
      if (p instanceof TftpPacket.Request r) {
        requests++;
        Negotiation n = Negotiation.of(r.options(), 65464, 64, random.nextInt(1 << 20));
        assertThat(n.blockSize()).isBetween(8, 65464);
        assertThat(n.windowSize()).isBetween(1, 64);
        ReadTransfer t = new ReadTransfer(random.nextInt(1 << 16), n, 3);
        t.start();
        t.onAck(random.nextInt(65536));
        try {
          String rel = TftpPaths.relative(r.filename());
          assertThat(rel).doesNotStartWith("/");
          assertThat(rel.split("/")).doesNotContain("..", ".", "");
          assertThat(rel.chars()).allMatch(c -> c > 0x1f && c < 0x7f);
        } catch (TftpPaths.Refused expected) {
          // refused names are the point
        }
      }
    }
    assertThat(requests).as("mutations must reach negotiation and the path check").isGreaterThan(50_000);
  }
}
