package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.domain.NetworkInterface;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NIC summary kept beside each device row reads back what was written, and MACs stay canonical. */
class InterfaceSummaryTest {

  @Test
  void aSummaryReadsBackTheNicsInIndexOrderWithNullsAndNonAsciiText() {
    List<NetworkInterface> nics = List.of(
        new NetworkInterface("eth1", "AA-BB-CC-DD-EE-02", "data", 1, null, null),
        new NetworkInterface("eth0", "aabbccddee01", "pxe", 0, "10.0.0.1", "交换机 Gi1/0/1 \"up\""));

    List<NetworkInterface> read = InterfaceSummary.decode(InterfaceSummary.encode(nics));

    assertThat(read).containsExactly(
        new NetworkInterface("eth0", "aa:bb:cc:dd:ee:01", "pxe", 0, "10.0.0.1", "交换机 Gi1/0/1 \"up\""),
        new NetworkInterface("eth1", "aa:bb:cc:dd:ee:02", "data", 1, null, null));
  }

  @Test
  void fieldsALaterVersionAddsAreSkipped() {
    List<NetworkInterface> read = InterfaceSummary.decode("[{\"name\":\"eth0\",\"speed\":{\"mbps\":[25000]},"
        + "\"mac\":\"aa:bb:cc:dd:ee:01\",\"vlan\":7,\"role\":\"pxe\",\"index\":0}, {\"name\":\"eth1\","
        + "\"mac\":\"aa:bb:cc:dd:ee:02\",\"index\":1,\"tags\":[\"a\",{\"b\":1}]}]");

    assertThat(read).extracting(NetworkInterface::name, NetworkInterface::mac, NetworkInterface::index)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "aa:bb:cc:dd:ee:01", 0),
            org.assertj.core.groups.Tuple.tuple("eth1", "aa:bb:cc:dd:ee:02", 1));
    assertThat(InterfaceSummary.decode("[]")).isEmpty();
  }

  @Test
  void somethingThatIsNotASummaryIsRefused() {
    assertThatThrownBy(() -> InterfaceSummary.decode("{\"name\":\"eth0\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InterfaceSummary.decode("[{\"name\":")).isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void macsAreCanonicalWhateverTheirSpellingAndAnythingElseIsRefused() {
    assertThat(NetworkInterface.canonicalMac("aa:bb:cc:dd:ee:ff")).isEqualTo("aa:bb:cc:dd:ee:ff");
    assertThat(NetworkInterface.canonicalMac(" AA:BB:CC:DD:EE:FF ")).isEqualTo("aa:bb:cc:dd:ee:ff");
    assertThat(NetworkInterface.canonicalMac("AA-bb-CC-dd-EE-ff")).isEqualTo("aa:bb:cc:dd:ee:ff");
    assertThat(NetworkInterface.canonicalMac("aabbccddeeff")).isEqualTo("aa:bb:cc:dd:ee:ff");
    for (String bad : new String[] {"aa:bb:cc:dd:ee:fg", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa;bb:cc:dd:ee:ff",
        "aa:bb:cc:dd:ee:f", "", null}) {
      assertThatThrownBy(() -> NetworkInterface.canonicalMac(bad)).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
