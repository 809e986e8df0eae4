package io.bmp.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Codecs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tftp verticle on loopback against three real clients from Debian's packages: tftp-hpa's
 * {@code tftp} (RFC 1350 only, 512-byte blocks), {@code atftp} (blksize, tsize, windowsize) and
 * {@code curl tftp://} (blksize, tsize). Every fetched file is compared byte for byte. The server
 * runs on Netty's epoll transport, as nodes do, so windows go out as UDP GSO buffers.
 */
class TftpPeersTest {

  static final String MAC = "52:54:00:aa:bb:01";
  static final String TOKEN = "token-0123456789abcdef";

  @TempDir static Path dir;
  static Vertx vertx;
  static int port;
  static Path root;
  static byte[] small;
  static byte[] exact;
  static byte[] big;

  @BeforeAll
  static void start() throws Exception {
    root = dir.resolve("tftp");
    Files.createDirectories(root.resolve("efi"));
    Random random = new Random(1350);
    small = new byte[100_000];
    random.nextBytes(small);
    exact = new byte[512 * 10]; // ends with an empty block
    random.nextBytes(exact);
    big = new byte[33 * 1024 * 1024 + 77]; // > 65535 blocks of 512: the block number rolls over
    random.nextBytes(big);
    Files.write(root.resolve("undionly.kpxe"), small);
    Files.write(root.resolve("efi/exact.bin"), exact);
    Files.write(root.resolve("big.bin"), big);
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    Files.createSymbolicLink(root.resolve("escape"), dir.resolve("secret.txt"));
    Path book = dir.resolve("data/rooms/r1/reservations.json");
    Files.createDirectories(book.getParent());
    Files.writeString(book, "[{\"mac\":\"" + MAC + "\",\"address\":\"10.99.0.21\",\"hostname\":\"n1\",\"boot\":{"
        + "\"kernelUrl\":\"http://10.99.0.1:8082/liveos/vmlinuz\",\"initrdUrl\":\"http://10.99.0.1:8082/liveos/initrd.img\","
        + "\"kernelArgs\":[\"console=ttyS0\"],\"agentEndpoint\":\"http://10.99.0.1:8080/v1/agent\",\"agentToken\":\"" + TOKEN + "\"}}]");
    // Netty's epoll transport, as a node runs by default: windows then leave as segmented buffers.
    vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    assertThat(vertx.isNativeTransportEnabled()).as("epoll transport").isTrue();
    Codecs.registerAll(vertx);
    TftpVerticle verticle = new TftpVerticle();
    JsonObject config = new JsonObject().put("room", "r1").put("dataDir", dir.resolve("data").toString())
        .put("host", "127.0.0.1").put("port", 0).put("root", root.toString()).put("timeoutMillis", 300)
        .put("cacheBytes", 64L << 20); // the 33 MiB file is read in chunks, the rest from memory
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    port = verticle.port();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  record Run(int exit, String output) {}

  static Run run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " hung");
    }
    return new Run(p.exitValue(), output);
  }

  static Path out(String name) {
    return dir.resolve("out-" + name + "-" + System.nanoTime());
  }

  static byte[] tftpHpa(String remote) throws Exception {
    Path local = out("hpa");
    Run r = run("tftp", "-m", "binary", "127.0.0.1", Integer.toString(port), "-c", "get", remote, local.toString());
    assertThat(Files.exists(local)).as("tftp-hpa: " + r.output()).isTrue();
    return Files.readAllBytes(local);
  }

  static byte[] atftp(String remote, String... options) throws Exception {
    Path local = out("atftp");
    List<String> command = new ArrayList<>(List.of("atftp", "-g", "-r", remote, "-l", local.toString()));
    for (String o : options) {
      command.add("--option");
      command.add(o);
    }
    command.add("127.0.0.1");
    command.add(Integer.toString(port));
    Run r = run(command.toArray(String[]::new));
    assertThat(r.exit()).as("atftp " + String.join(" ", options) + ": " + r.output()).isZero();
    return Files.readAllBytes(local);
  }

  static byte[] curl(String remote, String blksize) throws Exception {
    Path local = out("curl");
    Run r = run("curl", "-sS", "--tftp-blksize", blksize, "-o", local.toString(), "tftp://127.0.0.1:" + port + "/" + remote);
    assertThat(r.exit()).as("curl blksize " + blksize + ": " + r.output()).isZero();
    return Files.readAllBytes(local);
  }

  @Test
  void tftpHpaFetchesByteIdenticalFilesAtTheClassic512() throws Exception {
    assertThat(tftpHpa("undionly.kpxe")).isEqualTo(small);
    assertThat(tftpHpa("efi/exact.bin")).isEqualTo(exact);
  }

  @Test
  void atftpNegotiatesBlockSizesTsizeAndWindows() throws Exception {
    for (String blksize : new String[] {"512", "1468", "8192"}) {
      assertThat(atftp("undionly.kpxe", "blksize " + blksize, "tsize enable")).as(blksize).isEqualTo(small);
    }
    assertThat(atftp("efi/exact.bin", "blksize 512")).isEqualTo(exact);
    // What the server's OACK said, as atftp's trace prints it: the file's size for tsize 0.
    Run traced = run("atftp", "--trace", "-g", "-r", "undionly.kpxe", "-l", out("trace").toString(),
        "--option", "tsize enable", "--option", "blksize 1468", "127.0.0.1", Integer.toString(port));
    assertThat(traced.exit()).as(traced.output()).isZero();
    assertThat(traced.output()).as(traced.output()).containsPattern("OACK <tsize: " + small.length + ",")
        .containsPattern("OACK <.*blksize: 1468");
    long segmentedBefore = Segmentation.buffersWritten();
    assertThat(atftp("undionly.kpxe", "blksize 1468", "windowsize 16")).isEqualTo(small);
    // The last window ends with the empty block: a 4-byte last segment.
    assertThat(atftp("efi/exact.bin", "blksize 512", "windowsize 4")).isEqualTo(exact);
    assertThat(Segmentation.buffersWritten() - segmentedBefore).as("windows sent as segmented buffers")
        .isGreaterThanOrEqualTo(5 + 3);
  }

  @Test
  void curlFetchesWithEachBlockSize() throws Exception {
    for (String blksize : new String[] {"512", "1468", "8192"}) {
      assertThat(curl("undionly.kpxe", blksize)).as(blksize).isEqualTo(small);
    }
  }

  @Test
  void aFileOver32MibAt512BytesCrossesTheBlockNumberRollover() throws Exception {
    assertThat(tftpHpa("big.bin")).isEqualTo(big);
    assertThat(atftp("big.bin", "blksize 512", "windowsize 8")).isEqualTo(big);
  }

  @Test
  void rendersTheIpxeScriptAndPxelinuxConfigOfAReservedMac() throws Exception {
    String script = new String(atftp("boot/52-54-00-aa-bb-01.ipxe", "blksize 1468"));
    assertThat(script).startsWith("#!ipxe").contains("vmlinuz", "bmp.token=" + TOKEN, "bmp.mac=" + MAC);
    String pxelinux = new String(curl("pxelinux.cfg/01-52-54-00-aa-bb-01", "512"));
    assertThat(pxelinux).contains("KERNEL http://10.99.0.1:8082/liveos/vmlinuz", "APPEND console=ttyS0");
  }

  @Test
  void refusedRequestsGetTheirErrorCodes() throws Exception {
    // tftp-hpa prints the server's error code and message.
    assertThat(run("tftp", "127.0.0.1", Integer.toString(port), "-c", "get", "missing.bin", out("x").toString()).output())
        .contains("Error code 1");
    assertThat(run("tftp", "127.0.0.1", Integer.toString(port), "-c", "get", "../secret.txt", out("x").toString()).output())
        .contains("Error code 2");
    assertThat(run("tftp", "127.0.0.1", Integer.toString(port), "-c", "get", "escape", out("x").toString()).output())
        .contains("Error code 2");
    assertThat(run("tftp", "127.0.0.1", Integer.toString(port), "-c", "get", "pxelinux.cfg/01-52-54-00-00-00-09",
        out("x").toString()).output()).contains("Error code 1");
    Path upload = dir.resolve("upload.bin");
    Files.write(upload, new byte[10]);
    assertThat(run("tftp", "127.0.0.1", Integer.toString(port), "-c", "put", upload.toString(), "upload.bin").output())
        .contains("Error code 2");
    assertThat(Files.exists(root.resolve("upload.bin"))).isFalse();
    Run absolute = run("curl", "-sS", "-o", out("x").toString(), "tftp://127.0.0.1:" + port + "//etc/hostname");
    assertThat(absolute.exit()).as("curl's exit 69 is CURLE_TFTP_PERM, the TFTP access violation: " + absolute.output())
        .isEqualTo(69);
  }
}
