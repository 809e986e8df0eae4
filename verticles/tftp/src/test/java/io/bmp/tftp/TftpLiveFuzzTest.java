package io.bmp.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Codecs;
import io.bmp.core.testing.Garbage;
import io.bmp.protocols.tftp.TftpPacket;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live tftp verticle under a flood of random and mutated requests (read and write requests,
 * option lists, ACKs and errors to its listening port): nothing escapes to Vert.x, the transfers
 * the valid-looking ones start run down, and curl still fetches a file byte for byte afterwards.
 */
class TftpLiveFuzzTest {

  @TempDir Path dir;

  @Test
  void aFloodOfGarbageBreaksNothingAndAFileIsStillServed() throws Exception {
    Path root = dir.resolve("tftp");
    Files.createDirectories(root);
    byte[] loader = new byte[200_000];
    new Random(1350).nextBytes(loader);
    Files.write(root.resolve("undionly.kpxe"), loader);
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx);
      List<Throwable> uncaught = new CopyOnWriteArrayList<>();
      vertx.exceptionHandler(uncaught::add);
      TftpVerticle verticle = new TftpVerticle();
      vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("room", "r1")
          .put("dataDir", dir.resolve("data").toString()).put("host", "127.0.0.1").put("port", 0)
          .put("root", root.toString()).put("timeoutMillis", 50).put("maxRetries", 1))).await();

      List<byte[]> valid = List.of(
          new TftpPacket.Request(false, "undionly.kpxe", "octet", Map.of("blksize", "1468", "tsize", "0", "windowsize", "8")).encode(),
          new TftpPacket.Request(false, "missing.efi", "netascii", Map.of()).encode(),
          new TftpPacket.Request(true, "upload.bin", "octet", Map.of()).encode(),
          new TftpPacket.Request(false, "../../etc/passwd", "octet", Map.of("timeout", "1")).encode(),
          new TftpPacket.Ack(1).encode());
      assertThat(new Garbage(1350, valid).flood(verticle.port(), 50_000)).isEqualTo(50_000);

      Path fetched = dir.resolve("fetched");
      Process curl = new ProcessBuilder("curl", "-sS", "--retry", "3", "-o", fetched.toString(),
          "tftp://127.0.0.1:" + verticle.port() + "/undionly.kpxe").redirectErrorStream(true).start();
      String output = new String(curl.getInputStream().readAllBytes());
      assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(curl.exitValue()).as(output).isZero();
      assertThat(Files.readAllBytes(fetched)).isEqualTo(loader);
      assertThat(uncaught).as("no exception escaped to Vert.x").isEmpty();
    } finally {
      vertx.close().await();
    }
  }
}
