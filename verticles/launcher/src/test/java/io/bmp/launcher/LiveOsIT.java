package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine's hardware collected for real, with nothing simulated on the machine's side: the
 * packaged {@code bmp.jar} (all-in-one, in the server namespace of a {@link Netns}) drives a QEMU
 * machine through its BMC ({@code ipmi_sim} of OpenIPMI, whose power-on starts QEMU and whose
 * power-off stops it). The machine's iPXE ROM boots from our DHCP and image server into the LiveOS
 * that {@code agent/liveos/build} makes (Debian's kernel, live-boot fetching the squashfs over HTTP
 * into RAM, systemd starting the agent), and the agent reports what Linux sees of the machine.
 *
 * <p>Everything goes through the REST API, as an operator would: room, device type, device with
 * its BMC, then {@code POST /v1/devices/{id}/collect}; the test then reads the task and the disks
 * the collection wrote back. QEMU runs under software emulation (see {@link #startBmc}).
 *
 * <p>An integration test (failsafe, after {@code package}), because it boots the jar operators run.
 * The first run on a machine builds the LiveOS's Debian part (a few minutes, from Debian's mirror);
 * later runs reuse it and only append the new jar.
 */
class LiveOsIT {

  static final String VM_MAC = "52:54:00:4c:0a:01";
  static final String VM_IP = "10.99.0.30";
  static final String ADMIN_PASSWORD = "LiveOs-Admin-Pass-7";
  static final int BMC_PORT = 10623;
  static final long DISK_BYTES = 4L << 30;
  static final String DISK_SERIAL = "BMPLIVEOSDISK01";
  static final String API = "http://" + Netns.SERVER_IP + ":8080";

  @TempDir Path dir;

  @Test
  void aMachineIsCollectedThenInstalledThroughItsBmcAndOurPxeAndBootsFromItsDisk() throws Exception {
    Path data = dir.resolve("data");
    buildLiveOs(data.resolve("images/liveos"));
    // The NIC's own iPXE ROM boots BIOS machines; a UEFI firmware's PXE client may ask for iPXE over TFTP.
    Files.createDirectories(data.resolve("tftp"));
    for (String loader : List.of("ipxe.efi", "undionly.kpxe")) {
      Files.copy(Path.of("/usr/lib/ipxe", loader), data.resolve("tftp").resolve(loader));
    }
    Path image = dir.resolve("debian-12-bmp.tar.zst");
    Process guestOs = startGuestOsBuild(image); // meanwhile: the collection does not need it
    try (Netns net = Netns.create("52:54:00:4c:0a:fe")) {
      String tap = net.bridgeTap();
      Path console = dir.resolve("console.log");
      startBmc(net, tap, console);
      try {
        Machine machine = collect(net, data, console);
        awaitBuild(guestOs, "the guest OS", dir.resolve("guestos-build.log"));
        install(machine, image, console);
        stop(machine.node());
      } finally {
        powerCut();
      }
    } finally {
      kill(guestOs); // still running only if something failed first
    }
  }

  /** What the collection leaves for the install: the node, the API and the catalogue's ids. */
  record Machine(Process node, Api api, String room, String type, String device) {}

  /** Room, device type and device as an operator creates them through the REST API, then the collection. */
  private Machine collect(Netns net, Path data, Path console) throws Exception {
    // An operator creates the room, then gives the room's id to the node that serves it.
    Process node = startNode(net, data, "pending");
    Api api = Api.login(net);
    String room = api.call("POST", "/v1/rooms", new JsonObject().put("name", "LiveOS room").put("nameEn", "LiveOS room")
        .put("shortName", "liveos").put("level", "T3").put("address", "netns")).getString("id");
    stop(node);
    node = startNode(net, data, room);

    String type = api.call("POST", "/v1/device-types", new JsonObject().put("roomId", room).put("name", "QEMU q35")
        .put("specCode", "qemu.liveos").put("series", "computer").put("architecture", "x86_64")
        .put("bootModes", new JsonArray().add("bios").add("uefi"))
        .put("volumes", new JsonArray().add(new JsonObject().put("name", "system").put("volumeType", "system")
            .put("diskType", "SSD").put("interfaceType", "SATA").put("sizeGb", 4).put("amount", 1)))).getString("id");
    String device = api.call("POST", "/v1/devices", new JsonObject().put("roomId", room).put("deviceTypeId", type)
        .put("devices", new JsonArray().add(new JsonObject().put("sn", "SN-LIVEOS-1").put("bmcType", "ipmi")
            .put("bmcAddress", Netns.SERVER_IP).put("bmcPort", BMC_PORT).put("bmcUser", "admin").put("bmcPassword", "secret")
            .put("mgmtIpv4", VM_IP).put("mgmtMask", "255.255.255.0").put("mgmtGateway", "10.99.0.254")
            .put("interfaces", new JsonArray().add(new JsonObject().put("name", "eth0").put("mac", VM_MAC).put("role", "pxe"))))))
        .getJsonArray("items").getJsonObject(0).getString("id");

    String task = api.call("POST", "/v1/devices/" + device + "/collect", new JsonObject()).getString("id");
    JsonObject done = awaitTask(api, task, console);
    assertThat(done.getString("state")).as(describe(done, console)).isEqualTo("succeeded");
    for (Object step : done.getJsonArray("steps")) {
      assertThat(((JsonObject) step).getString("state")).as(((JsonObject) step).encode()).isEqualTo("succeeded");
    }

    // What Linux in the LiveOS saw of the machine, written back to the device.
    JsonArray disks = api.call("GET", "/v1/devices/" + device + "/disks", null).getJsonArray("items");
    assertThat(disks).as(disks.encode()).hasSize(1);
    assertThat(disks.getJsonObject(0).getString("name")).isEqualTo("vda");
    assertThat(disks.getJsonObject(0).getLong("sizeBytes")).isEqualTo(DISK_BYTES);
    assertThat(disks.getJsonObject(0).getString("serialNumber")).isEqualTo(DISK_SERIAL);
    String log = Files.readString(dir.resolve("node.log"));
    assertThat(log).contains("outcome=ACKED " + VM_MAC + " → " + VM_IP);
    assertThat(log).as("the agent never appears in the log with its token").doesNotContainPattern("bmp\\.token=\\w");
    assertThat(text(console)).as("the machine ran the agent from the LiveOS").contains("AGENT-UP device=" + device);
    assertThat(Files.exists(dir.resolve("bmc-state/vm.pid"))).as("the collection ends with the machine powered off").isFalse();
    return new Machine(node, api, room, type, device);
  }

  /**
   * The install a tenant asks for, onto the same machine, in UEFI mode: the operator shelves it and
   * registers the image that {@code agent/guestos/build} makes (Debian with GRUB, cloud-init and
   * the boot confirmation), switches the machine's firmware to UEFI (QEMU restarts with OVMF at the
   * next power-on), the tenant creates an instance with a password, and the platform PXE-boots the
   * LiveOS through the UEFI firmware, lays the disk out with an EFI system partition, unpacks the
   * image, installs GRUB to the removable-media path from inside it, writes the password and the
   * cloud-init seed, then the firmware boots the machine from its disk. The instance is running
   * only when the installed Debian has called back with its guest token.
   *
   * <p>The collection before it booted through the BIOS and the NIC's iPXE ROM, so both firmware
   * paths into the LiveOS run here. A BIOS reinstall (GRUB for BIOS, the reinstall flow) follows
   * only with {@code -Dbmp.liveos.reinstall=true}: under software emulation each leg takes 8 minutes
   * or more, and CI's 30 minutes do not hold a third one on this machine.
   */
  private void install(Machine m, Path image, Path console) throws Exception {
    Api api = m.api();
    String shelve = api.call("POST", "/v1/devices/" + m.device() + "/shelve", new JsonObject()).getString("id");
    JsonObject shelved = awaitTask(api, shelve, console);
    assertThat(shelved.getString("state")).as(describe(shelved, console)).isEqualTo("succeeded");

    String os = api.call("POST", "/v1/operating-systems", new JsonObject().put("name", "Debian").put("osType", "Linux")
        .put("osVersion", "12").put("architecture", "x86_64")).getString("id");
    String sha256 = LabTest.sha256(image, Files.size(image));
    String imageId = api.upload("/v1/images/upload?name=debian-12-bmp&osId=" + os + "&format=tar.zst&bootModes=bios,uefi&sha256="
        + sha256, image).getString("id");
    api.call("PUT", "/v1/device-types/" + m.type() + "/images/" + imageId, null);
    for (String mode : List.of("bios", "uefi")) {
      api.call("PUT", "/v1/device-types/" + m.type() + "/partition-templates", new JsonObject().put("imageId", imageId)
          .put("bootMode", mode).put("partitions", new JsonArray()
              .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 0))));
    }

    Files.writeString(dir.resolve("bmc-state/firmware"), "uefi"); // the server's BIOS/UEFI setting
    Files.writeString(console, ""); // QEMU starts it afresh at each power-on: in the end, the installed system's boot
    JsonObject instance = api.call("POST", "/v1/instances", new JsonObject().put("roomId", m.room())
        .put("deviceTypeId", m.type()).put("imageId", imageId).put("bootMode", "uefi").put("name", "debian")
        .put("hostname", "bmp-debian-1").put("count", 1).put("password", "Inst4ll-Passw0rd!"))
        .getJsonArray("items").getJsonObject(0);
    JsonObject task = api.call("GET", "/v1/tasks?instanceId=" + instance.getString("id"), null)
        .getJsonArray("items").getJsonObject(0);
    assertConfirmedBoot(api, task.getString("id"), instance.getString("id"), console);

    // The console from the boot from disk on: OVMF's boot manager, GRUB from the disk, Debian's
    // kernel, cloud-init applying the seed's static address, the guest service; the login prompt
    // (with the host name from the seed) comes a little after the call back.
    String booted = awaitConsole(console, "bmp-debian-1 login:", 5);
    assertThat(booted).as("the UEFI firmware's boot manager started the disk").contains("BdsDxe").contains("GRUB");
    assertThat(booted).as("not the BIOS").doesNotContain("SeaBIOS");
    assertThat(booted).as("cloud-init brought the NIC up with the seed's address")
        .containsPattern("ci-info: \\|\\s+eth0\\s+\\|\\s+True\\s+\\|\\s+" + VM_IP.replace(".", "\\."));
    assertThat(booted).as("the guest service ran").contains("bmp-guest.service");
    Netns.Result table = api.net().execIn(api.net().server, 30, "sgdisk", "-p", dir.resolve("disk.img").toString());
    assertThat(table.output()).as("the system disk's layout").containsPattern("1\\s+\\d+\\s+\\d+.*EF00");

    if (Boolean.getBoolean("bmp.liveos.reinstall")) {
      reinstallInBiosMode(m, instance.getString("id"), console);
    }
  }

  /**
   * (Only with {@code -Dbmp.liveos.reinstall=true}.) The same machine switched back to BIOS in its
   * firmware settings, and the instance reinstalled in BIOS mode: the NIC's iPXE ROM boots the
   * LiveOS, the disk is laid out again for GRUB's BIOS boot, and SeaBIOS boots it from the disk.
   */
  private void reinstallInBiosMode(Machine m, String instanceId, Path console) throws Exception {
    Files.deleteIfExists(dir.resolve("bmc-state/firmware"));
    Files.writeString(console, "");
    JsonObject task = m.api().call("POST", "/v1/instances/" + instanceId + "/reinstall", new JsonObject()
        .put("bootMode", "bios").put("password", "Reinst4ll-Passw0rd!"));
    assertConfirmedBoot(m.api(), task.getString("id"), instanceId, console);

    String booted = awaitConsole(console, "bmp-debian-1 login:", 5);
    assertThat(booted).as("the machine booted from its disk").contains("Booting from Hard Disk").contains("GRUB");
    assertThat(booted).as("the guest service ran").contains("bmp-guest.service");
  }

  /** The task succeeded step by step, ending with the boot from disk confirmed by the installed system. */
  private static void assertConfirmedBoot(Api api, String taskId, String instanceId, Path console) throws Exception {
    JsonObject done = awaitTask(api, taskId, console);
    assertThat(done.getString("state")).as(describe(done, console)).isEqualTo("succeeded");
    List<String> kinds = new ArrayList<>();
    for (Object o : done.getJsonArray("steps")) {
      JsonObject step = (JsonObject) o;
      assertThat(step.getString("state")).as(step.encode()).isEqualTo("succeeded");
      kinds.add(step.getString("kind"));
    }
    assertThat(kinds).as("the install ends with the boot from disk confirmed by the installed system")
        .containsSubsequence("agent.write-image", "driver.boot-disk", "driver.power-cycle", "guest.checkin");
    assertThat(api.call("GET", "/v1/instances/" + instanceId, null).getString("status")).isEqualTo("running");
  }

  /** The serial console as text: firmware writes bytes that are not UTF-8 (OVMF's screen drawing), read one to one. */
  private static String text(Path console) throws java.io.IOException {
    return new String(Files.readAllBytes(console), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The console once it shows {@code text}, waiting up to {@code minutes}. */
  private static String awaitConsole(Path console, String text, int minutes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    String current = "";
    while (System.nanoTime() < deadline) {
      current = text(console).replace("\r", "");
      if (current.contains(text)) {
        return current;
      }
      Thread.sleep(2000);
    }
    throw new AssertionError("the console never showed \"" + text + "\" in " + minutes + " minutes:\n"
        + current.substring(Math.max(0, current.length() - 6000)));
  }

  /** QEMU outlives ipmi_sim's chassis program (it is nobody's child): whatever happened, it stops here. */
  private void powerCut() throws Exception {
    Path pid = dir.resolve("bmc-state/vm.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Builds the LiveOS with the packaged jar into the image store, as docs/provisioning.md tells an operator to. */
  private void buildLiveOs(Path out) throws Exception {
    Path jar = Path.of("target/bmp.jar").toAbsolutePath();
    Path script = Path.of("../../agent/liveos/build").toAbsolutePath().normalize();
    Path log = dir.resolve("liveos-build.log");
    awaitBuild(new ProcessBuilder("bash", script.toString(), out.toString(), jar.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start(), "the LiveOS", log);
  }

  /** Stops a build and what it started (debootstrap, dpkg…), and waits for it: the temporary directory goes next. */
  private static void kill(Process build) throws InterruptedException {
    if (build.isAlive()) {
      build.descendants().forEach(ProcessHandle::destroy);
      build.destroy();
      if (!build.waitFor(30, TimeUnit.SECONDS)) {
        build.descendants().forEach(ProcessHandle::destroyForcibly);
        build.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts building the tenant image (Debian as tar.zst) with the script docs/provisioning.md describes. */
  private Process startGuestOsBuild(Path out) throws Exception {
    Path script = Path.of("../../agent/guestos/build").toAbsolutePath().normalize();
    // At the lowest priority: it shares the CPUs with the emulated machine of the collection.
    return new ProcessBuilder("nice", "-n", "19", "bash", script.toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("guestos-build.log").toFile()).start();
  }

  private static void awaitBuild(Process build, String what, Path log) throws Exception {
    if (!build.waitFor(20, TimeUnit.MINUTES)) {
      kill(build);
      throw new AssertionError(what + " build did not finish in 20 minutes:\n" + Files.readString(log));
    }
    assertThat(build.exitValue()).as(Files.readString(log)).isZero();
  }

  /**
   * The machine's BMC: ipmi_sim on the server side, whose chassis control (power, boot device) is a
   * small program, as a real BMC's is its hardware: power on starts QEMU on the client side's bridge
   * (BIOS, the NIC's iPXE ROM, one 4 GiB virtio disk), booting from the network when the boot device
   * is PXE and from the disk otherwise; power off stops it.
   */
  private void startBmc(Netns net, String tap, Path console) throws Exception {
    Path disk = dir.resolve("disk.img");
    try (var file = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
      file.setLength(DISK_BYTES);
    }
    Path state = dir.resolve("bmc-state");
    Files.createDirectories(state);
    // Software emulation even where /dev/kvm exists: under this machine's nested KVM, iPXE's ROM hangs at its start.
    // One emulation thread: with QEMU's multi-threaded TCG, code one vCPU patches while the other runs it went
    // wrong here (the kernel's static keys: a CPU stuck 75 s in a patched jump; the agent's JVM: SIGSEGV at the
    // entry of a freshly compiled method). And one vCPU: one thread runs the vCPUs in turn, so a second one adds
    // no speed, only a guest kernel waiting for a lock its descheduled holder cannot release.
    // -nographic has SeaBIOS and iPXE write to the serial port too, so the console file shows the whole boot.
    // $firmware, $bootopts, $netopt and $diskopt are the chassis program's: BIOS (SeaBIOS) by default, OVMF
    // once the test writes "uefi" into bmc-state/firmware (a server's BIOS/UEFI setting).
    String qemu = String.join(" ", "ip netns exec", net.client, "qemu-system-x86_64 -accel tcg,thread=single -m 2048 -smp 1",
        "-nographic -monitor none -serial file:" + console, "$firmware $bootopts",
        "-smbios type=1,manufacturer=BMP,product=LiveOS-VM,serial=SN-LIVEOS-1",
        "-netdev tap,id=n0,ifname=" + tap + ",script=no,downscript=no", "-device virtio-net-pci,netdev=n0,mac=" + VM_MAC + "$netopt",
        "-drive file=" + disk + ",if=none,id=d0,format=raw", "-device virtio-blk-pci,drive=d0,serial=" + DISK_SERIAL + "$diskopt");
    // ipmi_sim runs "<program> get NAME..." (answering "NAME:VALUE" lines) and "<program> set NAME VALUE...".
    Path chassis = dir.resolve("chassis-control");
    Files.writeString(chassis, """
        #!/bin/bash
        s=%s
        running() { [ -f $s/vm.pid ] && kill -0 "$(cat $s/vm.pid)" 2>/dev/null; }
        echo "$*" >>$s/calls.log
        op=$1; shift
        if [ "$op" = get ]; then
          for name in "$@"; do
            case $name in
              power) if running; then echo power:1; else echo power:0; fi ;;
              boot) echo "boot:$(cat $s/boot 2>/dev/null || echo default)" ;;
            esac
          done
          exit 0
        fi
        while [ $# -ge 2 ]; do
          case $1 in
            boot) echo "$2" >$s/boot ;;
            power)
              if [ "$2" = 1 ] && ! running; then
                order=c; [ "$(cat $s/boot 2>/dev/null)" = pxe ] && order=n
                firmware=; bootopts="-boot order=$order"; netopt=; diskopt=
                if [ "$(cat $s/firmware 2>/dev/null)" = uefi ]; then
                  [ -f $s/OVMF_VARS.fd ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd $s/OVMF_VARS.fd
                  firmware="-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
                  firmware="$firmware -drive if=pflash,format=raw,file=$s/OVMF_VARS.fd"
                  # OVMF follows bootindex (QEMU's bootorder), not -boot order.
                  bootopts=; if [ $order = n ]; then netopt=,bootindex=1; diskopt=,bootindex=2
                  else netopt=,bootindex=2; diskopt=,bootindex=1; fi
                fi
                %s >$s/qemu.out 2>&1 </dev/null &
                echo $! >$s/vm.pid
              elif [ "$2" = 0 ] && running; then
                kill "$(cat $s/vm.pid)"; rm -f $s/vm.pid
              fi ;;
          esac
          shift 2
        done
        """.formatted(state, qemu));
    chassis.toFile().setExecutable(true);
    Files.writeString(dir.resolve("lan.conf"), String.join("\n",
        "name \"bmp-liveos\"",
        "set_working_mc 0x20",
        "  startlan 1",
        "    addr " + Netns.SERVER_IP + " " + BMC_PORT,
        "    priv_limit admin",
        "    allowed_auths_callback none md2 md5 straight",
        "    allowed_auths_user none md2 md5 straight",
        "    allowed_auths_operator none md2 md5 straight",
        "    allowed_auths_admin none md2 md5 straight",
        "    guid a123456789abcdefa123456789abcd01",
        "  endlan",
        "  chassis_control \"" + chassis + "\"",
        "  user 2 true  \"admin\"  \"secret\" admin 10 none md2 md5 straight",
        ""));
    Files.writeString(dir.resolve("sim.emu"), String.join("\n", "mc_setbmc 0x20",
        "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr", "mc_enable 0x20", ""));
    net.startIn(net.server, dir.resolve("ipmi_sim.log"), List.of("ipmi_sim", "-c", dir.resolve("lan.conf").toString(),
        "-f", dir.resolve("sim.emu").toString(), "-s", state.toString(), "-n"));
  }

  /** The packaged jar, all-in-one on H2, serving room {@code room} on the server side's address. */
  private Process startNode(Netns net, Path data, String room) throws Exception {
    String images = "http://" + Netns.SERVER_IP + ":8082";
    JsonObject dhcp = NetbootNode.dhcpConfig();
    dhcp.getJsonArray("subnets").getJsonObject(0).put("network", "10.99.0.0/24");
    JsonObject descriptor = new JsonObject()
        .put("node", new JsonObject().put("name", "liveos").put("room", room).put("clustered", false)
            .put("dataDir", data.toString()))
        .put("database", new JsonObject().put("kind", "h2").put("poolSize", 4))
        .put("cache", new JsonObject().put("kind", "memory"))
        .put("agentChannel", new JsonObject().put("kind", "local"))
        .put("verticles", new JsonObject()
            .put("api", new JsonObject().put("config", new JsonObject().put("host", "0.0.0.0").put("port", 8080)
                .put("operatorPort", 8081)))
            .put("scheduler", new JsonObject().put("config", new JsonObject().put("boot", new JsonObject()
                .put("imageUrl", images).put("agentEndpoint", API + "/agent/v1")
                .put("kernelArgs", new JsonArray().add("boot=live").add("fetch=" + images + "/liveos/filesystem.squashfs")
                    .add("console=ttyS0,115200")))))
            .put("driver", new JsonObject().put("config", new JsonObject()))
            .put("dhcp", new JsonObject().put("config", dhcp))
            .put("tftp", new JsonObject().put("config", new JsonObject().put("host", "0.0.0.0").put("port", 69)))
            .put("image", new JsonObject().put("config", new JsonObject().put("host", "0.0.0.0").put("port", 8082))));
    Path conf = dir.resolve("node.json");
    Files.writeString(conf, descriptor.encodePrettily());
    Path log = dir.resolve("node.log");
    if (Files.exists(log)) {
      Files.writeString(dir.resolve("node-1.log"), Files.readString(log));
    }
    Process node = net.startIn(net.server, log, List.of("env", "BMP_ADMIN_PASSWORD=" + ADMIN_PASSWORD,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
        Path.of("target/bmp.jar").toAbsolutePath().toString(), "--conf", conf.toString()));
    for (int i = 0; i < 120; i++) {
      if (Files.readString(log).contains("NODE-UP")) {
        return node;
      }
      if (!node.isAlive()) {
        break;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the node did not come up:\n" + Files.readString(log));
  }

  private static void stop(Process node) throws Exception {
    node.descendants().forEach(ProcessHandle::destroy);
    node.destroy();
    if (!node.waitFor(30, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor();
    }
  }

  /** Polls the task until it ends (minutes under software emulation). */
  private static JsonObject awaitTask(Api api, String task, Path console) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(25);
    JsonObject current = null;
    while (System.nanoTime() < deadline) {
      current = api.call("GET", "/v1/tasks/" + task, null);
      if (List.of("succeeded", "failed", "cancelled").contains(current.getString("state"))) {
        return current;
      }
      Thread.sleep(2000);
    }
    throw new AssertionError("the task did not end in 25 minutes: " + describe(current, console));
  }

  private static String describe(JsonObject task, Path console) {
    String tail;
    try {
      String text = Files.exists(console) ? text(console) : "(no console)";
      tail = text.substring(Math.max(0, text.length() - 6000));
    } catch (Exception e) {
      tail = e.toString();
    }
    return (task == null ? "no task" : task.encodePrettily()) + "\n--- machine console (tail) ---\n" + tail;
  }

  /** The REST API of the node, reached with curl from inside the server namespace, with an API key. */
  record Api(Netns net, String key) {

    static Api login(Netns net) throws Exception {
      Path cookies = Files.createTempFile("bmp-liveos-", ".cookies");
      try {
        JsonObject session = new JsonObject(curl(net, "-c", cookies.toString(), "-H", "Content-Type: application/json",
            "-d", new JsonObject().put("username", "admin").put("password", ADMIN_PASSWORD).encode(), API + "/v1/login"));
        JsonObject key = new JsonObject(curl(net, "-b", cookies.toString(), "-H", "Content-Type: application/json",
            "-H", "X-CSRF-Token: " + session.getString("csrfToken"),
            "-d", new JsonObject().put("name", "liveos-test").encode(), API + "/v1/api-keys"));
        return new Api(net, key.getString("key"));
      } finally {
        Files.deleteIfExists(cookies);
      }
    }

    JsonObject call(String method, String path, JsonObject body) throws Exception {
      List<String> args = new ArrayList<>(List.of("-X", method, "-H", "Authorization: Bearer " + key));
      if (body != null) {
        args.addAll(List.of("-H", "Content-Type: application/json", "-d", body.encode()));
      }
      args.add(API + path);
      String reply = curl(net, args.toArray(String[]::new));
      return reply.isBlank() ? new JsonObject() : new JsonObject(reply); // 204: no body
    }

    /** A file streamed as the request body (curl -T), as the console's upload does. */
    JsonObject upload(String path, Path file) throws Exception {
      return new JsonObject(curl(net, "-X", "POST", "-H", "Authorization: Bearer " + key,
          "-H", "Content-Type: application/octet-stream", "-T", file.toString(), API + path));
    }

    private static String curl(Netns net, String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body", "--max-time", "30"));
      command.addAll(List.of(args));
      Netns.Result r = net.execIn(net.server, 60, command.toArray(String[]::new));
      if (r.exit() != 0) {
        throw new AssertionError("curl " + String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
      }
      return r.output();
    }
  }
}
