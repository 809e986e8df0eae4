package io.bmp.agent.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelCommandLineTest {

  @Test
  void wordsSplitOnSpacesOutsideQuotesAndALaterKeyWins() {
    Map<String, String> args = KernelCommandLine.parse(
        "BOOT_IMAGE=/vmlinuz  quiet console=tty0 console=ttyS0,115200n8 \"bmp.note=two words\" bmp.agent=http://c:8080/agent/v1\n");
    assertThat(args).containsEntry("BOOT_IMAGE", "/vmlinuz").containsEntry("quiet", "")
        .containsEntry("console", "ttyS0,115200n8").containsEntry("bmp.note", "two words")
        .containsEntry("bmp.agent", "http://c:8080/agent/v1").hasSize(5);
  }

  @Test
  void theAgentsOptionsNeedItsEndpointAndTokenAndTakeItsDisks() {
    LiveAgent.Options options = LiveAgent.Options.fromKernel(KernelCommandLine.parse(
        "bmp.agent=http://c/agent/v1 bmp.token=t0k bmp.disks=sda,nvme0n1"), Path.of("/run/bmp-agent"), Duration.ZERO);
    assertThat(options.endpoint()).isEqualTo("http://c/agent/v1");
    assertThat(options.token()).isEqualTo("t0k");
    assertThat(options.disks()).containsExactly("sda", "nvme0n1");
    assertThatThrownBy(() -> LiveAgent.Options.fromKernel(KernelCommandLine.parse("root=/dev/sda1 bmp.token="),
        Path.of("/tmp"), Duration.ZERO)).hasMessageContaining("not booted by BMP");
  }
}
