package io.bmp.agent.lab;

import io.bmp.agent.live.KernelCommandLine;
import io.bmp.protocols.dhcp.DhcpMessage;
import io.bmp.protocols.dhcp.Ipv4;
import io.bmp.protocols.dhcp.MessageType;
import io.bmp.protocols.dhcp.Options;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A simulated NIC's network boot, the way PXE firmware and then iPXE do it, against the room's real
 * services: DHCP as a PXE client (option 93, vendor class "PXEClient") for the first-stage file,
 * TFTP of that file from the next server, DHCP again as iPXE (user class "iPXE") for the script's
 * URL, HTTP of the script, then HTTP of the kernel and initrd it names. What a LiveOS kernel would
 * see is returned: the kernel command line, whose {@code bmp.*} arguments start the agent.
 */
public final class NicRom {

  /** Where the room's boot services are, as the lab reaches them on loopback. */
  public record Network(String localHost, int tftpPort) {}

  /**
   * What the boot loaded: the kernel command line's {@code key=value} arguments, and for the log the
   * sizes and how long each stage took: the firmware's (DHCP and TFTP of the boot file) and iPXE's
   * (DHCP again, the script, the kernel and the initrd).
   */
  public record Booted(String address, Map<String, String> kernelArgs, long bootFileBytes, long kernelBytes,
      long initrdBytes, long firmwareMillis, long ipxeMillis) {
    public String arg(String key) {
      return kernelArgs.get(key);
    }
  }

  private static final int ARCH_UEFI_X64 = 7;
  private static final int ARCH_BIOS = 0;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final DhcpRelay relay;
  private final WebClient http;
  private final Network network;

  public NicRom(Vertx vertx, DhcpRelay relay, WebClient http, Network network) {
    this.vertx = vertx;
    this.relay = relay;
    this.http = http;
    this.network = network;
  }

  /** Boots the NIC with {@code mac} in UEFI or legacy BIOS mode; fails naming the stage that failed. */
  public Future<Booted> boot(String mac, boolean uefi) {
    int arch = uefi ? ARCH_UEFI_X64 : ARCH_BIOS;
    long started = System.nanoTime();
    return lease(mac, firmware(arch)).compose(first -> {
      String file = first.optionString(Options.BOOTFILE_NAME) != null ? first.optionString(Options.BOOTFILE_NAME) : first.file();
      if (file == null || file.isBlank()) {
        return Future.failedFuture(new IOException("PXE: the DHCP answer for " + mac + " names no boot file"));
      }
      String tftpServer = first.siaddr() != 0 ? Ipv4.format(first.siaddr()) : network.localHost();
      // EDK2's UEFI PXE asks for a window of 4 (PcdPxeTftpWindowSize); BIOS PXE ROMs go lock-step.
      return TftpFetch.read(vertx, network.localHost(), tftpServer, network.tftpPort(), file, uefi ? 4 : 1)
          .recover(e -> Future.failedFuture(new IOException("PXE: TFTP of " + file + " failed: " + e.getMessage(), e)))
          .compose(bootFileBytes -> {
            long firmwareDone = System.nanoTime();
            return lease(mac, ipxe(arch)).compose(second -> script(mac, second, bootFileBytes,
                millis(started, firmwareDone), firmwareDone));
          });
    });
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private Future<Booted> script(String mac, DhcpMessage ack, long bootFileBytes, long firmwareMillis, long ipxeStarted) {
    String url = ack.optionString(Options.BOOTFILE_NAME) != null ? ack.optionString(Options.BOOTFILE_NAME) : ack.file();
    if (url == null || !url.startsWith("http")) {
      return Future.failedFuture(new IOException("iPXE: the DHCP answer for " + mac + " names no script URL but " + url));
    }
    return get(url).compose(scriptBody -> {
      String script = scriptBody.toString(StandardCharsets.UTF_8);
      String kernelLine = line(script, "kernel ");
      String initrdLine = line(script, "initrd ");
      if (!script.startsWith("#!ipxe") || kernelLine == null || initrdLine == null) {
        return Future.failedFuture(new IOException("iPXE: the script at " + url + " loads no kernel and initrd"));
      }
      String[] kernel = kernelLine.split("\\s+");
      String[] initrd = initrdLine.split("\\s+");
      String initrdUrl = lastUrl(initrd);
      // What the kernel would get: the words after its URL, up to iPXE's "&&".
      String after = kernelLine.substring(kernelLine.indexOf(kernel[1]) + kernel[1].length());
      Map<String, String> args = KernelCommandLine.parse(after.contains("&&") ? after.substring(0, after.indexOf("&&")) : after);
      return load(kernel[1]).compose(k -> load(initrdUrl).map(i -> new Booted(Ipv4.format(ack.yiaddr()), Map.copyOf(args),
          bootFileBytes, k, i, firmwareMillis, millis(ipxeStarted, System.nanoTime()))));
    });
  }

  private static String lastUrl(String[] words) {
    for (int i = words.length - 1; i >= 0; i--) {
      if (words[i].startsWith("http")) {
        return words[i];
      }
    }
    return words[words.length - 1];
  }

  private static String line(String script, String prefix) {
    return script.lines().map(String::trim).filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
  }

  private Future<Buffer> get(String url) {
    return http.getAbs(url).timeout(30_000).send().compose(response -> ok(url, response));
  }

  /** Loads a kernel or initrd the way firmware does, except that the lab counts the bytes rather than keep them. */
  private Future<Long> load(String url) {
    ByteCounter counter = new ByteCounter();
    return http.getAbs(url).timeout(30_000).as(BodyCodec.pipe(counter)).send().compose(response ->
        response.statusCode() == 200 ? Future.succeededFuture(counter.bytes())
            : Future.failedFuture(new IOException("HTTP " + response.statusCode() + " for " + url)));
  }

  private static Future<Buffer> ok(String url, HttpResponse<Buffer> response) {
    return response.statusCode() == 200 ? Future.succeededFuture(response.body() == null ? Buffer.buffer() : response.body())
        : Future.failedFuture(new IOException("HTTP " + response.statusCode() + " for " + url));
  }

  /** DISCOVER, OFFER, REQUEST, ACK: the four messages of a lease (RFC 2131 §3.1). */
  private Future<DhcpMessage> lease(String mac, Consumer<DhcpMessage> identity) {
    DhcpMessage discover = DhcpMessage.request().xid(RANDOM.nextInt()).mac(mac).type(MessageType.DISCOVER);
    identity.accept(discover);
    return relay.exchange(discover, MessageType.OFFER).compose(offer -> {
      DhcpMessage request = DhcpMessage.request().xid(discover.xid()).mac(mac).type(MessageType.REQUEST)
          .optionAddress(Options.REQUESTED_ADDRESS, offer.yiaddr())
          .optionAddress(Options.SERVER_ID, offer.optionAddress(Options.SERVER_ID));
      identity.accept(request);
      return relay.exchange(request, MessageType.ACK);
    });
  }

  private static Consumer<DhcpMessage> firmware(int arch) {
    return m -> m.option(Options.VENDOR_CLASS, String.format("PXEClient:Arch:%05d:UNDI:003016", arch))
        .option(Options.CLIENT_ARCH, new byte[] {(byte) (arch >> 8), (byte) arch});
  }

  private static Consumer<DhcpMessage> ipxe(int arch) {
    return m -> firmware(arch).andThen(x -> x.option(Options.USER_CLASS, "iPXE")).accept(m);
  }
}
