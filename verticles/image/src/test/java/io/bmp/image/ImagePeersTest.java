package io.bmp.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Codecs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image verticle on loopback against curl: whole files, ranges, checksums as ETags, per-MAC scripts. */
class ImagePeersTest {

  static final String TOKEN = "token-0123456789abcdef";

  @TempDir static Path dir;
  static Vertx vertx;
  static String base;
  static byte[] image;

  @BeforeAll
  static void start() throws Exception {
    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("images"));
    image = new byte[5 * 1024 * 1024 + 3];
    new Random(7233).nextBytes(image);
    Files.write(store.resolve("images/guest.qcow2"), image);
    Files.writeString(store.resolve("images/.guest.qcow2.part"), "half an upload");
    Files.writeString(dir.resolve("secret.txt"), "outside the store");
    Path book = dir.resolve("data/rooms/r1/reservations.json");
    Files.createDirectories(book.getParent());
    Files.writeString(book, "[{\"mac\":\"52:54:00:aa:bb:01\",\"address\":\"10.99.0.21\",\"hostname\":\"n1\",\"boot\":{"
        + "\"kernelUrl\":\"http://10.99.0.1:8082/liveos/vmlinuz\",\"initrdUrl\":\"http://10.99.0.1:8082/liveos/initrd.img\","
        + "\"kernelArgs\":[],\"agentEndpoint\":\"http://10.99.0.1:8080/v1/agent\",\"agentToken\":\"" + TOKEN + "\"}},"
        // hand-edited: a token too short to be one, and a password on the kernel command line
        + "{\"mac\":\"52:54:00:aa:bb:03\",\"address\":\"10.99.0.23\",\"boot\":{\"kernelUrl\":\"http://x/k\","
        + "\"initrdUrl\":\"http://x/i\",\"kernelArgs\":[\"password=hunter2\"],\"agentEndpoint\":\"http://x/a\","
        + "\"agentToken\":\"short\"}}]");
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
    ImageVerticle verticle = new ImageVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("room", "r1")
        .put("dataDir", dir.resolve("data").toString()).put("store", store.toString()).put("host", "127.0.0.1").put("port", 0)))
        .await();
    base = "http://127.0.0.1:" + verticle.port();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static Curl curl(String... args) throws Exception {
    return Curl.run(dir, args);
  }

  @Test
  void servesWholeFilesAndRanges() throws Exception {
    Curl whole = curl(base + "/images/guest.qcow2");
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(image);
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");

    Curl range = curl("-r", "1000-1999", base + "/images/guest.qcow2");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes 1000-1999/" + image.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(image, 1000, 2000));

    Curl tail = curl("-r", "-10", base + "/images/guest.qcow2");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(image, image.length - 10, image.length));

    Curl head = curl("-I", base + "/images/guest.qcow2");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(image.length));
  }

  @Test
  void theChecksumBecomesAStrongEtag() throws Exception {
    String expected = Checksums.digest(dir.resolve("store/images/guest.qcow2"));
    Curl tagged = null;
    for (int i = 0; i < 100 && (tagged == null || tagged.header("ETag") == null); i++) {
      tagged = curl("-I", base + "/images/guest.qcow2"); // the first request starts the digest in the background
      if (tagged.header("ETag") == null) {
        Thread.sleep(100);
      }
    }
    assertThat(tagged.header("X-Checksum-Sha256")).isEqualTo(expected);
    assertThat(tagged.header("ETag")).isEqualTo("\"sha256-" + expected + "\"");
    assertThat(curl("-H", "If-None-Match: " + tagged.header("ETag"), base + "/images/guest.qcow2").status()).isEqualTo(304);
    assertThat(Files.readString(dir.resolve("store/images/.guest.qcow2.sha256")).trim()).isEqualTo(expected);
  }

  @Test
  void aRangeIsServedOnlyToTheVersionItsIfRangeNames() throws Exception {
    String etag = etagOf("/images/guest.qcow2");
    Curl same = curl("-r", "1000-1999", "-H", "If-Range: " + etag, base + "/images/guest.qcow2");
    assertThat(same.status()).isEqualTo(206);
    assertThat(same.body()).isEqualTo(Arrays.copyOfRange(image, 1000, 2000));
    // A tag of another version, a weak tag, or a date that is not the file's: the whole file.
    for (String other : new String[] {"\"sha256-" + "0".repeat(64) + "\"", "W/" + etag, "Tue, 01 Jan 2019 00:00:00 GMT"}) {
      Curl whole = curl("-r", "1000-1999", "-H", "If-Range: " + other, base + "/images/guest.qcow2");
      assertThat(whole.status()).as(other).isEqualTo(200);
      assertThat(whole.body()).as(other).isEqualTo(image);
    }
    String lastModified = curl("-I", base + "/images/guest.qcow2").header("Last-Modified");
    Curl dated = curl("-r", "0-9", "-H", "If-Range: " + lastModified, base + "/images/guest.qcow2");
    assertThat(dated.status()).as(lastModified).isEqualTo(206);
    assertThat(dated.body()).isEqualTo(Arrays.copyOfRange(image, 0, 10));
  }

  /** The file's ETag, once its checksum is known (the first request starts the digest in the background). */
  private static String etagOf(String path) throws Exception {
    for (int i = 0; i < 100; i++) {
      String etag = curl("-I", base + path).header("ETag");
      if (etag != null) {
        return etag;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no ETag for " + path);
  }

  @Test
  void neverServesHiddenFilesOrAnythingOutsideTheStore() throws Exception {
    assertThat(curl(base + "/images/.guest.qcow2.part").status()).isEqualTo(404);
    assertThat(curl("--path-as-is", base + "/../secret.txt").body()).asString().doesNotContain("outside the store");
    assertThat(curl("--path-as-is", base + "/images/%2e%2e/%2e%2e/secret.txt").body()).asString().doesNotContain("outside");
    assertThat(curl(base + "/images/missing.iso").status()).isEqualTo(404);
  }

  @Test
  void servesTheIpxeScriptOfAReservedMacOnly() throws Exception {
    Curl script = curl(base + "/boot/52-54-00-aa-bb-01.ipxe");
    assertThat(script.status()).isEqualTo(200);
    assertThat(new String(script.body())).startsWith("#!ipxe").contains("bmp.token=" + TOKEN);
    assertThat(script.header("Cache-Control")).isEqualTo("no-store");
    Curl head = curl("-I", base + "/boot/52-54-00-aa-bb-01.ipxe");
    assertThat(head.status()).as("HEAD as GET, without the body").isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(script.body().length));
    assertThat(head.text()).as("curl -I writes the headers only").doesNotContain("#!ipxe");
    assertThat(curl("-I", base + "/boot/52-54-00-aa-bb-02.ipxe").status()).isEqualTo(404);
    assertThat(curl(base + "/boot/52-54-00-aa-bb-02.ipxe").status()).isEqualTo(404);
    Curl invalid = curl(base + "/boot/52-54-00-aa-bb-03.ipxe");
    assertThat(invalid.status()).as("an unusable boot spec is refused, not a 500").isEqualTo(404);
    assertThat(new String(invalid.body())).doesNotContain("hunter2");
  }
}
