package io.bmp.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Bus;
import io.bmp.core.bus.Codecs;
import io.bmp.core.contract.ImageContract;
import io.bmp.core.contract.ImageContract.Pin;
import io.bmp.core.contract.ImageContract.PinState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room's image store in front of the central origin, both real image verticles: pull-through
 * (one fetch for many askers, verified), least-recently-used eviction that spares pinned and
 * downloading files, and streaming uploads that never show a partial or corrupt file. curl is the
 * client where one request at a time will do.
 */
class ImageStoreTest {

  static final String TOKEN = "upload-token-for-tests-0123456789";
  static final int MIB = 1024 * 1024;

  @TempDir Path dir;
  Vertx vertx;
  Path originStore;
  Path roomStore;
  String origin;
  String room;
  /** GETs that reached the origin, by path: the room's fetches, counted by a proxy in between. */
  final Map<String, AtomicInteger> originGets = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
    originStore = dir.resolve("origin");
    roomStore = dir.resolve("room");
    int originPort = deploy("central", originStore, new JsonObject().put("uploadToken", TOKEN));
    origin = "http://127.0.0.1:" + originPort;
    proxyPort = countingProxy(originPort);
    room = "http://127.0.0.1:" + deploy("r1", roomStore,
        new JsonObject().put("origin", "http://127.0.0.1:" + proxyPort).put("maxBytes", 5L * MIB / 2));
  }

  /** The counting proxy in front of the origin, which the room stores fetch through. */
  int proxyPort;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private int deploy(String name, Path store, JsonObject extra) {
    ImageVerticle verticle = new ImageVerticle();
    JsonObject config = new JsonObject().put("room", name).put("dataDir", dir.resolve("data-" + name).toString())
        .put("store", store.toString()).put("host", "127.0.0.1").put("port", 0).mergeIn(extra);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    return verticle.port();
  }

  private int countingProxy(int originPort) {
    HttpClient client = vertx.createHttpClient();
    List<Runnable> held = new ArrayList<>();
    HttpServer proxy = vertx.createHttpServer().requestHandler(request -> {
      request.pause();
      originGets.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
      if (holdGets > 0 && request.method() == io.vertx.core.http.HttpMethod.GET) {
        // Held until that many GETs have come, then all let through at once.
        held.add(() -> forward(client, originPort, request));
        if (held.size() >= holdGets) {
          holdGets = 0;
          held.forEach(Runnable::run);
          held.clear();
        }
        return;
      }
      forward(client, originPort, request);
    });
    return proxy.listen(0, "127.0.0.1").await().actualPort();
  }

  /** How many GETs the proxy holds back before letting them all go at once (0: none). */
  volatile int holdGets;

  private static void forward(HttpClient client, int originPort, io.vertx.core.http.HttpServerRequest request) {
      client.request(request.method(), originPort, "127.0.0.1", request.uri())
          .compose(forward -> forward.send(request))
          .onSuccess(answer -> {
            request.response().setStatusCode(answer.statusCode()).headers().setAll(answer.headers());
            answer.pipeTo(request.response());
          })
          .onFailure(e -> request.response().setStatusCode(502).end());
  }

  private byte[] upload(String path, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path file = Files.write(dir.resolve("upload-" + seed), bytes);
    Curl put = Curl.run(dir, "-X", "PUT", "-H", "Authorization: Bearer " + TOKEN, "-H", "X-Checksum-Sha256: " + sha256(bytes),
        "--data-binary", "@" + file, origin + "/" + path);
    assertThat(put.status()).as(put.text()).isEqualTo(201);
    return bytes;
  }

  @Test
  void aMissingFileIsFetchedOnceForManyAskersVerifiedAndThenServedLocally() throws Exception {
    byte[] image = upload("i-1/guest.raw", 2 * MIB, 1);
    HttpClient client = vertx.createHttpClient();
    List<Future<Buffer>> askers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      askers.add(get(client, room + "/i-1/guest.raw"));
    }
    for (Future<Buffer> asker : askers) {
      assertThat(asker.await().getBytes()).isEqualTo(image);
    }
    assertThat(originGets.get("/i-1/guest.raw").get()).as("one fetch for twenty askers").isEqualTo(1);

    Curl again = Curl.run(dir, room + "/i-1/guest.raw");
    assertThat(again.body()).isEqualTo(image);
    assertThat(again.header("X-Checksum-Sha256")).isEqualTo(sha256(image));
    assertThat(originGets.get("/i-1/guest.raw").get()).as("served from the room's own copy").isEqualTo(1);
    assertThat(Files.readAllBytes(roomStore.resolve("i-1/guest.raw"))).isEqualTo(image);
    assertThat(Curl.run(dir, room + "/i-1/absent.raw").status()).as("in neither store").isEqualTo(404);
  }

  /** A room node deploys one image verticle per CPU over one store: between them, a missing file is fetched once. */
  @Test
  void theInstancesOfOneStoreFetchAMissingFileOnceBetweenThem() throws Exception {
    byte[] image = upload("i-3/guest.raw", MIB, 3);
    java.net.ServerSocket probe = new java.net.ServerSocket(0);
    int port = probe.getLocalPort();
    probe.close();
    JsonObject config = new JsonObject().put("room", "r2").put("dataDir", dir.resolve("data-r2").toString())
        .put("store", dir.resolve("room-two").toString()).put("host", "127.0.0.1").put("port", port)
        .put("origin", "http://127.0.0.1:" + proxyPort);
    vertx.deployVerticle(ImageVerticle::new, new DeploymentOptions().setConfig(config).setInstances(2)).await();
    // Twenty connections, which the two instances' event loops take in turn.
    HttpClient client = vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(20));
    List<Future<Buffer>> askers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      askers.add(get(client, "http://127.0.0.1:" + port + "/i-3/guest.raw"));
    }
    for (Future<Buffer> asker : askers) {
      assertThat(asker.await().getBytes()).isEqualTo(image);
    }
    assertThat(originGets.get("/i-3/guest.raw").get()).as("one fetch for both instances' askers").isEqualTo(1);
  }

  @Test
  void twoPullsLandingTogetherInATightStoreBothReachTheirAskers() throws Exception {
    // 2 MiB each in a store of 2.5 MiB: the second to land must not evict the first under its askers.
    byte[] e = upload("e.raw", 2 * MIB, 20);
    byte[] f = upload("f.raw", 2 * MIB, 21);
    holdGets = 2; // the origin answers both at once
    HttpClient client = vertx.createHttpClient();
    List<Future<Buffer>> askers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      askers.add(get(client, room + "/e.raw"));
      askers.add(get(client, room + "/f.raw"));
    }
    for (int i = 0; i < askers.size(); i++) {
      assertThat(askers.get(i).await().getBytes()).as("asker " + i).isEqualTo(i % 2 == 0 ? e : f);
    }
    // Once nobody downloads them, the store fits its budget again at the next arrival.
    upload("g.raw", MIB, 22);
    assertThat(Curl.run(dir, room + "/g.raw").status()).isEqualTo(200);
    assertThat(stored()).as("the two big ones went for the new one").containsExactly("g.raw");
  }

  private static Future<Buffer> get(HttpClient client, String url) {
    return client.request(new io.vertx.core.http.RequestOptions().setAbsoluteURI(url))
        .compose(r -> r.send())
        .compose(response -> response.statusCode() == 200 ? response.body()
            : response.body().compose(b -> Future.failedFuture(response.statusCode() + " " + b)));
  }

  @Test
  void bytesThatDoNotMatchTheOriginsChecksumNeverAppearInTheRoom() throws Exception {
    upload("i-2/guest.raw", MIB, 2);
    // The origin's disk rots: the same name, other bytes, the old checksum still beside them.
    Path file = originStore.resolve("i-2/guest.raw");
    byte[] rotten = Files.readAllBytes(file);
    rotten[12345] ^= 1;
    String sidecar = Files.readString(Checksums.sidecar(file));
    Files.write(file, rotten);
    Files.writeString(Checksums.sidecar(file), sidecar); // newer than the file: the origin trusts it

    Curl pulled = Curl.run(dir, room + "/i-2/guest.raw");
    assertThat(pulled.status()).isEqualTo(502);
    assertThat(new JsonObject(pulled.text()).getString("code")).isEqualTo("UPSTREAM_FAILED");
    assertThat(filesUnder(roomStore)).as("nothing, not even a temporary file").isEmpty();
  }

  @Test
  void aFilePlacedAtTheOriginByHandIsServedOnceTheOriginHasItsChecksum() throws Exception {
    byte[] bytes = new byte[300_000];
    new Random(3).nextBytes(bytes);
    Files.createDirectories(originStore.resolve("liveos"));
    Files.write(originStore.resolve("liveos/vmlinuz"), bytes);
    Curl first = Curl.run(dir, room + "/liveos/vmlinuz");
    assertThat(first.status()).as("the origin is still hashing it").isEqualTo(503);
    assertThat(first.header("Retry-After")).isEqualTo("5");
    Curl later = first;
    for (int i = 0; i < 100 && later.status() != 200; i++) {
      Thread.sleep(100);
      later = Curl.run(dir, room + "/liveos/vmlinuz");
    }
    assertThat(later.status()).isEqualTo(200);
    assertThat(later.body()).isEqualTo(bytes);
  }

  @Test
  void theLeastRecentlyUsedFileGoesWhenTheStoreIsFullButNeverAPinnedOne() throws Exception {
    upload("a.raw", MIB, 10);
    upload("b.raw", MIB, 11);
    upload("c.raw", MIB, 12);
    upload("d.raw", MIB, 13);
    // The room holds 2.5 MiB: two of these files at a time.
    assertThat(Curl.run(dir, room + "/a.raw").status()).isEqualTo(200);
    assertThat(Curl.run(dir, room + "/b.raw").status()).isEqualTo(200);
    assertThat(Curl.run(dir, room + "/a.raw").status()).isEqualTo(200); // a is now used after b
    assertThat(Curl.run(dir, room + "/c.raw").status()).isEqualTo(200);
    assertThat(stored()).containsExactlyInAnyOrder("a.raw", "c.raw");

    PinState pinned = bus(ImageContract.PIN, new Pin("a.raw", "task-1"));
    assertThat(pinned.pins()).isEqualTo(1);
    assertThat(pinned.sha256()).isEqualTo(sha256(Files.readAllBytes(roomStore.resolve("a.raw"))));
    assertThat(Curl.run(dir, room + "/c.raw").status()).isEqualTo(200); // c used after a, yet a is pinned
    assertThat(Curl.run(dir, room + "/d.raw").status()).isEqualTo(200);
    assertThat(stored()).as("c went, not the pinned a").containsExactlyInAnyOrder("a.raw", "d.raw");

    PinState b = bus(ImageContract.PIN, new Pin("b.raw", "task-2"));
    assertThat(b.present()).as("pinning pulls the file first").isTrue();
    assertThat(stored()).containsExactlyInAnyOrder("a.raw", "b.raw");
    assertThat(bus(ImageContract.UNPIN, new Pin("a.raw", "task-1")).pins()).isZero();
    assertThat(Curl.run(dir, room + "/c.raw").status()).isEqualTo(200);
    assertThat(stored()).as("a, no longer pinned and least recently used, went").containsExactlyInAnyOrder("b.raw", "c.raw");
    assertThat(Stream.of("a.raw", "b.raw", "c.raw", "d.raw").mapToInt(f -> originGets.get("/" + f).get()).sum())
        .as("a, b, c, d, b again, c again").isEqualTo(6);
  }

  @Test
  void anUploadIsTakenBackWithTheTokenUnlessADownloadOrAnInstallHoldsIt() throws Exception {
    byte[] guest = upload("i-9/guest.raw", MIB, 30);
    upload("i-9/other.raw", MIB, 31);
    String auth = "Authorization: Bearer " + TOKEN;
    assertThat(Curl.run(dir, "-X", "DELETE", origin + "/i-9/guest.raw").status()).as("no token").isEqualTo(401);
    assertThat(Curl.run(dir, "-X", "DELETE", "-H", auth, room + "/i-9/guest.raw").status())
        .as("a store without a token takes nothing back either").isEqualTo(403);
    assertThat(Curl.run(dir, "-X", "DELETE", "-H", auth, origin + "/boot/52-54-00-00-00-01.ipxe").status()).isEqualTo(400);
    assertThat(Curl.run(dir, origin + "/i-9/guest.raw").body()).isEqualTo(guest);

    assertThat(bus("central", ImageContract.PIN, new Pin("i-9/other.raw", "task-9")).pins()).isEqualTo(1);
    Curl held = Curl.run(dir, "-X", "DELETE", "-H", auth, origin + "/i-9/other.raw");
    assertThat(held.status()).as(held.text()).isEqualTo(409);

    assertThat(Curl.run(dir, "-X", "DELETE", "-H", auth, origin + "/i-9/guest.raw").status()).isEqualTo(204);
    assertThat(filesUnder(originStore)).as("the file and its checksum went; the held one stays")
        .noneMatch(f -> f.contains("guest.raw")).contains("i-9/other.raw");
    assertThat(Curl.run(dir, origin + "/i-9/guest.raw").status()).isEqualTo(404);
    assertThat(Curl.run(dir, "-X", "DELETE", "-H", auth, origin + "/i-9/guest.raw").status()).isEqualTo(404);

    assertThat(bus("central", ImageContract.UNPIN, new Pin("i-9/other.raw", "task-9")).pins()).isZero();
    assertThat(Curl.run(dir, "-X", "DELETE", "-H", auth, origin + "/i-9/other.raw").status()).isEqualTo(204);
    assertThat(originStore.resolve("i-9")).as("the image's directory, left empty").doesNotExist();
  }

  private PinState bus(String action, Pin pin) {
    return bus("r1", action, pin);
  }

  private PinState bus(String store, String action, Pin pin) {
    return (PinState) vertx.eventBus().request(ImageContract.address(store), pin,
        new DeliveryOptions().addHeader(Bus.ACTION, action)).await().body();
  }

  private List<String> stored() throws Exception {
    return filesUnder(roomStore).stream().filter(f -> !f.startsWith(".")).toList();
  }

  private static List<String> filesUnder(Path store) throws Exception {
    if (!Files.exists(store)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(store)) {
      return walk.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void uploadsNeedTheTokenAndTheRightChecksumAndLeaveNothingWhenCutShort() throws Exception {
    byte[] bytes = new byte[700_000];
    new Random(4).nextBytes(bytes);
    Path file = Files.write(dir.resolve("upload.bin"), bytes);
    String url = origin + "/i-5/guest.raw";

    Curl noToken = Curl.run(dir, "-X", "PUT", "-H", "X-Checksum-Sha256: " + sha256(bytes), "--data-binary", "@" + file, url);
    assertThat(noToken.status()).isEqualTo(401);
    Curl wrongSum = Curl.run(dir, "-X", "PUT", "-H", "Authorization: Bearer " + TOKEN,
        "-H", "X-Checksum-Sha256: " + sha256(new byte[1]), "--data-binary", "@" + file, url);
    assertThat(wrongSum.status()).isEqualTo(422);
    assertThat(new JsonObject(wrongSum.text()).getString("code")).isEqualTo("CHECKSUM_MISMATCH");
    Curl toRoom = Curl.run(dir, "-X", "PUT", "-H", "Authorization: Bearer " + TOKEN,
        "-H", "X-Checksum-Sha256: " + sha256(bytes), "--data-binary", "@" + file, room + "/i-5/guest.raw");
    assertThat(toRoom.status()).as("a store without a token takes no uploads").isEqualTo(403);

    try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(origin.substring(origin.lastIndexOf(':') + 1)))) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /i-5/guest.raw HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\nX-Checksum-Sha256: "
          + sha256(bytes) + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 0, bytes.length / 3);
      out.flush();
      Thread.sleep(300);
    } // cut short
    List<String> left = filesUnder(originStore);
    for (int i = 0; i < 50 && !left.isEmpty(); i++) {
      Thread.sleep(100);
      left = filesUnder(originStore);
    }
    assertThat(left).as("an interrupted upload leaves nothing, not even its temporary file").isEmpty();

    Curl good = Curl.run(dir, "-X", "PUT", "-H", "Authorization: Bearer " + TOKEN, "-H", "X-Checksum-Sha256: " + sha256(bytes),
        "--data-binary", "@" + file, url);
    assertThat(good.status()).isEqualTo(201);
    assertThat(new JsonObject(good.text())).isEqualTo(new JsonObject().put("path", "i-5/guest.raw")
        .put("bytes", bytes.length).put("sha256", sha256(bytes)));
    Curl back = Curl.run(dir, url);
    assertThat(back.body()).isEqualTo(bytes);
    assertThat(back.header("ETag")).as("the checksum is known from the upload").isEqualTo("\"sha256-" + sha256(bytes) + "\"");

    // A re-upload replaces the file and its checksum together; nothing temporary stays behind.
    byte[] newer = new byte[bytes.length / 2];
    new java.util.Random(99).nextBytes(newer);
    Path newerFile = dir.resolve("newer.raw");
    Files.write(newerFile, newer);
    Curl replaced = Curl.run(dir, "-X", "PUT", "-H", "Authorization: Bearer " + TOKEN, "-H", "X-Checksum-Sha256: " + sha256(newer),
        "--data-binary", "@" + newerFile, url);
    assertThat(replaced.status()).isEqualTo(201);
    Curl now = Curl.run(dir, url);
    assertThat(now.body()).isEqualTo(newer);
    assertThat(now.header("X-Checksum-Sha256")).isEqualTo(sha256(newer));
    try (var files = Files.walk(originStore)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".part-")).toList()).isEmpty();
    }
    assertThat(Files.readString(originStore.resolve("i-5/.guest.raw.sha256")).trim()).isEqualTo(sha256(newer));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
