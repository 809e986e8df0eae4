package io.bmp.protocols.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegotiationTest {

  static Map<String, String> options(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void acceptsWhatTheRfcsAllowAndAnswersTheFileSize() {
    Negotiation n = Negotiation.of(options("blksize", "1428", "tsize", "0", "timeout", "3", "windowsize", "16"),
        65464, 64, 673312);
    assertThat(n.blockSize()).isEqualTo(1428);
    assertThat(n.timeoutSeconds()).isEqualTo(3);
    assertThat(n.windowSize()).isEqualTo(16);
    assertThat(n.accepted()).containsExactly(Map.entry("blksize", "1428"), Map.entry("tsize", "673312"),
        Map.entry("timeout", "3"), Map.entry("windowsize", "16"));
  }

  @Test
  void answersLessThanAskedWhereTheServerHasALimit() {
    Negotiation n = Negotiation.of(options("blksize", "65464", "windowsize", "65535"), 8192, 64, 1);
    assertThat(n.accepted()).containsExactly(Map.entry("blksize", "8192"), Map.entry("windowsize", "64"));
  }

  @Test
  void leavesOutOfRangeMalformedAndUnknownOptions() {
    Negotiation n = Negotiation.of(options("blksize", "7", "timeout", "0", "windowsize", "x", "multicast", ""),
        65464, 64, 10);
    assertThat(n.accepted()).isEmpty();
    assertThat(n.needsOptionAck()).isFalse();
    assertThat(n.blockSize()).isEqualTo(512);
    assertThat(n.windowSize()).isEqualTo(1);
    assertThat(Negotiation.of(options("blksize", "65465"), 65464, 1, 0).accepted()).isEmpty();
    assertThat(Negotiation.of(options("blksize", "8"), 65464, 1, 0).blockSize()).isEqualTo(8);
  }

  @Test
  void aReadRequestsTsizeIsAnsweredWithTheFileSizeWhateverItCarries() {
    for (String sent : new String[] {"0", "enable", "-1", ""}) {
      assertThat(Negotiation.of(options("tsize", sent), 65464, 1, 4242).accepted()).as(sent)
          .containsExactly(Map.entry("tsize", "4242"));
    }
  }
}
