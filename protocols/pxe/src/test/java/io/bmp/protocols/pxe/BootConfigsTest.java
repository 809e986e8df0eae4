package io.bmp.protocols.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.protocols.pxe.BootConfigs.Kind;
import io.bmp.protocols.pxe.BootConfigs.Wanted;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootConfigsTest {

  static final String TOKEN = "tok_0123456789abcdefXYZ";

  static BootProfile profile() {
    return new BootProfile("52:54:00:12:34:56", "http://10.99.0.1:8082/liveos/vmlinuz",
        "http://10.99.0.1:8082/liveos/initrd.img", List.of("console=ttyS0", "ip=dhcp"),
        "http://10.99.0.1:8080/v1/agent", TOKEN);
  }

  @Test
  void namesLoadersAskForMapToTheirMac() {
    assertThat(BootConfigs.parse("boot/52-54-00-12-34-56.ipxe")).contains(new Wanted(Kind.IPXE, "52:54:00:12:34:56"));
    assertThat(BootConfigs.parse("grub/grub.cfg-01-52-54-00-12-34-56")).contains(new Wanted(Kind.GRUB, "52:54:00:12:34:56"));
    assertThat(BootConfigs.parse("pxelinux.cfg/01-52-54-00-AB-CD-EF")).contains(new Wanted(Kind.PXELINUX, "52:54:00:ab:cd:ef"));
    assertThat(BootConfigs.parse("pxelinux.cfg/default")).isEqualTo(Optional.empty());
    assertThat(BootConfigs.parse("undionly.kpxe")).isEmpty();
  }

  @Test
  void everyConfigLoadsTheLiveOsWithTheAgentAndItsToken() {
    for (Kind kind : Kind.values()) {
      String text = BootConfigs.render(kind, profile());
      assertThat(text).as(kind.name()).contains("vmlinuz", "initrd.img", "console=ttyS0",
          "bmp.agent=http://10.99.0.1:8080/v1/agent", "bmp.token=" + TOKEN, "bmp.mac=52:54:00:12:34:56");
    }
    assertThat(BootConfigs.ipxe(profile())).startsWith("#!ipxe\n").contains("boot ||");
    assertThat(BootConfigs.grub(profile())).contains("linux (http,10.99.0.1:8082)/liveos/vmlinuz");
    assertThat(BootConfigs.pxelinux(profile())).contains("APPEND console=ttyS0");
  }

  @Test
  void credentialsCannotGetIntoABootConfig() {
    assertThatThrownBy(() -> withArgs("bmp.amqp=amqp://guest:guest@10.0.0.1:5672")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("db=jdbc:mysql://10.0.0.1/bmp")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("root_password=x")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("redis=redis://:secret@10.0.0.1")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("db_pass=x")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("vault.token=s.abc")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("apikey=abc")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> new BootProfile("52:54:00:12:34:56", "http://10.0.0.1/k", "http://10.0.0.1/i",
        List.of(), "http://10.0.0.1/agent?db_pass=x", TOKEN)).hasMessageContaining("credentials");
    assertThatThrownBy(() -> new BootProfile("52:54:00:12:34:56", "http://10.0.0.1/k?pwd=1", "http://10.0.0.1/i",
        List.of(), "http://10.0.0.1/a", TOKEN)).hasMessageContaining("credentials");
    // Found by review: user:password@host without a scheme, short and run-together names, encoding.
    assertThatThrownBy(() -> withArgs("bmp.mq=guest:guest@10.0.0.1:5672")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("bmp.db.pw=hunter2")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("mysql.pw=x")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("bmp.dbpass=x")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> withArgs("bmp.mq=amqp%3A%2F%2Fguest%3Aguest%40h")).hasMessageContaining("credentials");
    // Ordinary kernel arguments that merely contain such letters pass.
    assertThat(withArgs("ip=10.0.0.5::10.0.0.1:255.255.255.0:n1:eth0:off").kernelArgs()).as("ip= has colons, no @").hasSize(1);
    assertThat(withArgs("nopass").kernelArgs()).hasSize(1);
    assertThat(withArgs("spec_store_bypass_disable=on").kernelArgs()).hasSize(1);
    assertThat(withArgs("rd.luks.key=/keys/root.key").kernelArgs()).as("a key file's path").hasSize(1);
    assertThat(withArgs("sunrpc.auth_hashtable_size=16").kernelArgs()).hasSize(1);
    assertThat(new BootProfile("52:54:00:12:34:56", "http://10.0.0.1/k", "http://10.0.0.1/i", List.of("console=ttyS0"),
        "http://10.0.0.1/agent?room=r1", TOKEN).agentEndpoint()).endsWith("room=r1");
    assertThatThrownBy(() -> withArgs("a b")).hasMessageContaining("one word");
    assertThatThrownBy(() -> new BootProfile("52:54:00:12:34:56", "http://admin:pw@10.0.0.1/k", "http://10.0.0.1/i",
        List.of(), "http://10.0.0.1/a", TOKEN)).hasMessageContaining("credentials");
    assertThatThrownBy(() -> new BootProfile("52:54:00:12:34:56", "http://10.0.0.1/k", "http://10.0.0.1/i",
        List.of(), "http://10.0.0.1/a", "short")).hasMessageContaining("token");
    assertThatThrownBy(() -> new BootProfile("52:54:00:12:34", "http://10.0.0.1/k", "http://10.0.0.1/i",
        List.of(), "http://10.0.0.1/a", TOKEN)).hasMessageContaining("MAC");
  }

  private static BootProfile withArgs(String arg) {
    return new BootProfile("52:54:00:12:34:56", "http://10.0.0.1/k", "http://10.0.0.1/i", List.of(arg),
        "http://10.0.0.1/a", TOKEN);
  }
}
