package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real machine's network boot through a room's dhcp, tftp and image verticles: QEMU (software
 * emulation) on a tap device bridged into the client namespace, with real firmware.
 *
 * <ul>
 *   <li>UEFI: OVMF's own PXE client (EDK2, the NIC's iPXE ROM switched off) asks DHCP as an x64 UEFI
 *       client, fetches {@code ipxe.efi} over TFTP, and that iPXE asks DHCP again and fetches its
 *       per-MAC script over HTTP, then the LiveOS kernel the script names.</li>
 *   <li>BIOS: SeaBIOS runs the NIC's iPXE ROM, which DHCP recognises by its user class and sends
 *       straight to the script over HTTP.</li>
 * </ul>
 * Everything is asserted from our servers' own records (their logs), the VM's console only helps
 * when a run fails. The LiveOS kernel is random bytes: iPXE fetches it and refuses to run it.
 */
class PxeBootTest {

  static final String VM_MAC = "52:54:00:12:34:59";
  static final String TOKEN = "agent-token-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void uefiFirmwareLoadsIpxeOverTftpThenItsScriptOverHttp() throws Exception {
    try (Netns net = Netns.create("52:54:00:00:00:01")) {
      NetbootNode node = startRoom(net);
      Path vars = dir.resolve("OVMF_VARS.fd");
      Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), vars);
      Path console = dir.resolve("uefi-console.log");
      net.startIn(net.client, console, qemu(net.bridgeTap(), 512, "romfile=",
          "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
          "-drive", "if=pflash,format=raw,file=" + vars));

      awaitScript(node, console);
      String log = node.log();
      assertThat(log).contains("outcome=ACKED " + VM_MAC + " → 10.99.0.30, boot ipxe.efi");
      assertThat(log).containsPattern("TFTP-SENT room=r1 client=10\\.99\\.0\\.30:\\d+ file=ipxe\\.efi bytes="
          + Files.size(dir.resolve("data/tftp/ipxe.efi")));
      assertThat(log).contains("outcome=ACKED " + VM_MAC + " → 10.99.0.30, boot http://10.99.0.1:8082/boot/52-54-00-12-34-59.ipxe");
      assertThat(log).doesNotContain(TOKEN);
    }
  }

  @Test
  void biosIpxeRomGoesStraightToItsScriptOverHttp() throws Exception {
    try (Netns net = Netns.create("52:54:00:00:00:01")) {
      NetbootNode node = startRoom(net);
      Path console = dir.resolve("bios-console.log");
      net.startIn(net.client, console, qemu(net.bridgeTap(), 256, null, "-boot", "n"));

      awaitScript(node, console);
      String log = node.log();
      assertThat(log).contains("outcome=ACKED " + VM_MAC + " → 10.99.0.30, boot http://10.99.0.1:8082/boot/52-54-00-12-34-59.ipxe");
      assertThat(log).as("the iPXE ROM needs no first stage").doesNotContain("TFTP-SENT");
    }
  }

  @Test
  void proxyModeBootsBesideTheNetworksOwnDhcpServer() throws Exception {
    try (Netns net = Netns.create("52:54:00:00:00:01")) {
      String tap = net.bridgeTap();
      // The network's own DHCP server (dnsmasq, no boot options at all) on a third host of the segment.
      String office = net.attachHost("10.99.0.2/24");
      Path conf = dir.resolve("dnsmasq.conf");
      Path dnsmasqLog = dir.resolve("dnsmasq.log");
      Files.writeString(conf, String.join("\n", "port=0", "interface=" + office + "i", "bind-interfaces",
          "dhcp-range=10.99.0.100,10.99.0.150,255.255.255.0,1h", "dhcp-option=option:router,10.99.0.2", "no-ping",
          "log-dhcp", "log-facility=" + dnsmasqLog, "dhcp-leasefile=" + dir.resolve("dnsmasq.leases"),
          "pid-file=" + dir.resolve("dnsmasq.pid")) + "\n");
      net.startIn(office, dir.resolve("dnsmasq.out"), List.of("dnsmasq", "-k", "--user=root", "--conf-file=" + conf));

      NetbootNode node = startRoom(net, "proxy");
      Path console = dir.resolve("proxy-console.log");
      net.startIn(net.client, console, qemu(tap, 256, null, "-boot", "n"));

      awaitScript(node, console, "IMAGE-SCRIPT room=r1 mac=" + VM_MAC + " client=10.99.0.1");
      assertThat(Files.readString(dnsmasqLog)).as("the address came from the network's own server")
          .containsPattern("DHCPACK\\(\\S+\\) 10\\.99\\.0\\.1\\d\\d " + VM_MAC);
      assertThat(node.log()).contains("proxy " + VM_MAC + ", boot http://10.99.0.1:8082/boot/52-54-00-12-34-59.ipxe")
          .doesNotContain("→ 10.99.0.30");
    }
  }

  private NetbootNode startRoom(Netns net) throws Exception {
    return startRoom(net, "full");
  }

  /** A room node in the server namespace: dhcp for the VM's MAC, tftp with iPXE's binaries, image with a LiveOS. */
  private NetbootNode startRoom(Netns net, String mode) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("tftp"));
    for (String loader : List.of("ipxe.efi", "undionly.kpxe")) {
      Files.copy(Path.of("/usr/lib/ipxe", loader), data.resolve("tftp").resolve(loader));
    }
    Path liveos = data.resolve("images/liveos");
    Files.createDirectories(liveos);
    byte[] noise = new byte[64 * 1024];
    new Random(1).nextBytes(noise);
    Files.write(liveos.resolve("vmlinuz"), noise);
    Files.write(liveos.resolve("initrd.img"), noise);

    String base = "http://" + Netns.SERVER_IP + ":8082";
    JsonObject boot = new JsonObject().put("kernelUrl", base + "/liveos/vmlinuz").put("initrdUrl", base + "/liveos/initrd.img")
        .put("kernelArgs", new JsonArray().add("console=ttyS0")).put("agentEndpoint", "http://10.99.0.1:8080/v1/agent")
        .put("agentToken", TOKEN);
    JsonObject dhcp = NetbootNode.dhcpConfig().put("mode", mode);
    dhcp.getJsonArray("subnets").getJsonObject(0).put("network", "10.99.0.0/24");
    JsonObject verticles = new JsonObject()
        .put("dhcp", new JsonObject().put("config", dhcp))
        .put("tftp", new JsonObject().put("config", new JsonObject().put("host", "0.0.0.0").put("port", 69)))
        .put("image", new JsonObject().put("config", new JsonObject().put("host", "0.0.0.0").put("port", 8082)));
    NetbootNode node = NetbootNode.start(net, dir, verticles,
        new JsonArray().add(NetbootNode.reservation(VM_MAC, "10.99.0.30", "vm-1").put("boot", boot)));
    node.awaitLog("IMAGE-LISTENING", 30);
    node.awaitLog("TFTP-LISTENING", 30);
    node.awaitLog("DHCP-LISTENING", 30);
    return node;
  }

  private static List<String> qemu(String tap, int megabytes, String nicOption, String... firmware) {
    String nic = "virtio-net-pci,netdev=n0,mac=" + VM_MAC + (nicOption == null ? "" : "," + nicOption);
    List<String> command = new java.util.ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m",
        String.valueOf(megabytes), "-nographic", "-no-reboot", "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
        "-device", nic));
    command.addAll(List.of(firmware));
    return command;
  }

  /** Waits (software emulation: up to two and a half minutes) until the image verticle served the VM its script. */
  private static void awaitScript(NetbootNode node, Path console) throws Exception {
    awaitScript(node, console, "IMAGE-SCRIPT room=r1 mac=" + VM_MAC + " client=10.99.0.30");
  }

  private static void awaitScript(NetbootNode node, Path console, String line) throws Exception {
    try {
      node.awaitLog(line, 150);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- VM console ---\n" + ChildNode.read(console), e);
    }
  }
}
