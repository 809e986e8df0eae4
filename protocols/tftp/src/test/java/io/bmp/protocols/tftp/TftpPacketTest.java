package io.bmp.protocols.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packets laid out as RFC 1350 §5 draws them, and the option examples of RFCs 2347, 2348, 2349 and 7440. */
class TftpPacketTest {

  /** Joins opcode and NUL-terminated strings into a packet. */
  static byte[] strings(int opcode, String... parts) {
    StringBuilder s = new StringBuilder();
    s.append((char) 0).append((char) opcode);
    for (String p : parts) {
      s.append(p).append((char) 0);
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsTheRfc2348Example() throws Exception {
    // RFC 2348 §2: | 1 | foobar | 0 | octet | 0 | blksize | 0 | 1428 | 0 |
    TftpPacket p = TftpPacket.decode(strings(1, "foobar", "octet", "blksize", "1428"));
    assertThat(p).isEqualTo(new TftpPacket.Request(false, "foobar", "octet", Map.of("blksize", "1428")));
  }

  @Test
  void readsOptionNamesCaseInsensitivelyAndKeepsTheirOrder() throws Exception {
    // RFC 2347: option names and modes are case-insensitive.
    TftpPacket.Request r = (TftpPacket.Request) TftpPacket.decode(
        strings(1, "pxelinux.0", "OCTET", "TSIZE", "0", "BlkSize", "1468", "windowsize", "16"));
    assertThat(r.mode()).isEqualTo("octet");
    assertThat(r.options().keySet()).containsExactly("tsize", "blksize", "windowsize");
  }

  @Test
  void writesEveryPacketAsRfc1350DrawsIt() throws Exception {
    assertThat(new TftpPacket.Data(1, "hi".getBytes()).encode()).containsExactly(0, 3, 0, 1, 'h', 'i');
    assertThat(new TftpPacket.Data(0x1234, new byte[0]).encode()).containsExactly(0, 3, 0x12, 0x34);
    assertThat(new TftpPacket.Ack(65535).encode()).containsExactly(0, 4, 0xff, 0xff);
    assertThat(new TftpPacket.Error(TftpError.FILE_NOT_FOUND, "no").encode()).containsExactly(0, 5, 0, 1, 'n', 'o', 0);
    Map<String, String> oack = new LinkedHashMap<>();
    oack.put("tsize", "673312"); // RFC 2349 §4's example
    oack.put("blksize", "1428");
    assertThat(new TftpPacket.OptionAck(oack).encode()).isEqualTo(strings(6, "tsize", "673312", "blksize", "1428"));
    TftpPacket.Request rrq = new TftpPacket.Request(false, "a", "octet", Map.of("timeout", "3"));
    assertThat(TftpPacket.decode(rrq.encode())).isEqualTo(rrq);
  }

  @Test
  void decodesDataAckErrorAndOack() throws Exception {
    TftpPacket.Data d = (TftpPacket.Data) TftpPacket.decode(new byte[] {0, 3, 1, 0, 9, 8, 7});
    assertThat(d.block()).isEqualTo(256);
    assertThat(d.payload()).containsExactly(9, 8, 7);
    assertThat(TftpPacket.decode(new byte[] {0, 4, (byte) 0xff, (byte) 0xfe})).isEqualTo(new TftpPacket.Ack(65534));
    assertThat(TftpPacket.decode(strings(5, "\u0000\u0008denied"))).isEqualTo(new TftpPacket.Error(TftpError.OPTION_REFUSED, "denied"));
    assertThat(TftpPacket.decode(strings(6, "windowsize", "4"))).isEqualTo(new TftpPacket.OptionAck(Map.of("windowsize", "4")));
  }

  @Test
  void refusesMalformedPackets() {
    assertThatThrownBy(() -> TftpPacket.decode(new byte[] {0, 1})).isInstanceOf(TftpDecodeException.class);
    assertThatThrownBy(() -> TftpPacket.decode(new byte[] {0, 9, 0, 0})).isInstanceOf(TftpDecodeException.class);
    assertThatThrownBy(() -> TftpPacket.decode(new byte[] {0, 1, 'a', 'b'})).hasMessageContaining("filename");
    assertThatThrownBy(() -> TftpPacket.decode(strings(1, "file", "octet", "blksize")))
        .isInstanceOf(TftpDecodeException.class).hasMessageContaining("blksize");
  }
}
