package io.bmp.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated host writes what real tools read back: sgdisk and sfdisk check its GPT. */
class SimulatedHostTest {

  @TempDir Path dir;
  Vertx vertx;
  SimulatedHost host;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    host = new SimulatedHost(dir, new SimulatedHost.Spec("SN1", List.of("52:54:00:00:00:01"), 1, 4L << 30));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void theGptItWritesIsValidForSgdiskAndLaidOutAsAsked() throws Exception {
    host.partition("uefi", false, new JsonArray()
        .add(new JsonObject().put("mountPoint", "/").put("fsType", "ext4").put("sizeMb", 1024).put("label", "root"))
        .add(new JsonObject().put("mountPoint", "/data").put("fsType", "xfs").put("sizeMb", 0).put("label", "data")),
        Volumes.UNKNOWN);

    String verify = run("sgdisk", "-v", host.disk(0).toString());
    assertThat(verify).contains("No problems found");
    JsonObject table = new JsonObject(run("sfdisk", "--json", host.disk(0).toString())).getJsonObject("partitiontable");
    assertThat(table.getString("label")).isEqualTo("gpt");
    JsonArray parts = table.getJsonArray("partitions");
    assertThat(parts).hasSize(3);
    assertThat(parts.getJsonObject(0).getString("type")).isEqualToIgnoringCase("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    assertThat(parts.getJsonObject(0).getLong("start")).isEqualTo(2048);
    assertThat(parts.getJsonObject(1).getLong("size")).isEqualTo(1024L * 2048);
    assertThat(parts.getJsonObject(1).getString("name")).isEqualTo("root");
    assertThat(parts.getJsonObject(2).getString("name")).isEqualTo("data");
    assertThat(parts.getJsonObject(2).getLong("start") % 2048).as("1 MiB aligned").isZero();
  }

  @Test
  void aCompressedImageIsWrittenDecompressedAndAWrongChecksumIsRefusedWithItsName() throws Exception {
    byte[] content = "BMP demo disk image ".repeat(50_000).getBytes();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(content);
    }
    byte[] stored = gz.toByteArray();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
    HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end(Buffer.buffer(stored)))
        .listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + server.actualPort() + "/demo.raw.gz";

    long[] last = new long[2];
    JsonObject result = host.writeImage(new ImageSource("demo", url, "raw.gz", sha, (long) stored.length),
        (done, total) -> {
          last[0] = done;
          last[1] = total;
        });
    assertThat(result.getLong("bytesWritten")).isEqualTo(content.length);
    assertThat(last[0]).isEqualTo(stored.length);
    byte[] head = new byte[content.length];
    try (var disk = java.nio.channels.FileChannel.open(host.disk(0))) {
      disk.read(java.nio.ByteBuffer.wrap(head), 0);
    }
    assertThat(head).isEqualTo(content);

    assertThatThrownBy(() -> host.writeImage(new ImageSource("demo-bad", url, "raw.gz", "0".repeat(64), null), (d, t) -> { }))
        .isInstanceOf(ImageException.class).hasMessageContaining("demo-bad")
        .satisfies(e -> assertThat(((ImageException) e).code()).isEqualTo("CHECKSUM_MISMATCH"));
  }

  @Test
  void wipingLeavesEveryDiskReadingAsZeros() throws Exception {
    host.partition("bios", false, new JsonArray().add(new JsonObject().put("fsType", "ext4").put("sizeMb", 0)),
        Volumes.UNKNOWN);
    assertThat(run("sgdisk", "-v", host.disk(0).toString())).contains("No problems found");
    host.wipe((d, t) -> { });
    byte[] head = new byte[1 << 20];
    try (var disk = java.nio.channels.FileChannel.open(host.disk(0))) {
      disk.read(java.nio.ByteBuffer.wrap(head), 0);
    }
    assertThat(head).containsOnly(0);
    assertThat(Files.size(host.disk(0))).isEqualTo(4L << 30);
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
