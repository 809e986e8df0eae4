package io.bmp.protocols.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TftpPathsTest {

  @Test
  void normalisesRelativeNames() throws Exception {
    assertThat(TftpPaths.relative("undionly.kpxe")).isEqualTo("undionly.kpxe");
    assertThat(TftpPaths.relative("pxelinux.cfg\\default")).isEqualTo("pxelinux.cfg/default");
    assertThat(TftpPaths.relative("./efi//ipxe.efi")).isEqualTo("efi/ipxe.efi");
  }

  @Test
  void refusesNamesThatLeaveTheRoot() {
    for (String bad : new String[] {"/etc/passwd", "../secret", "a/../../b", "C:\\boot.ini", "", "a\nb", ".", "\\\\server\\x"}) {
      assertThatThrownBy(() -> TftpPaths.relative(bad)).as(bad).isInstanceOf(TftpPaths.Refused.class);
    }
  }
}
