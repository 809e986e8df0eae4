package io.bmp.bench;

import io.bmp.core.storage.Database;
import io.bmp.core.storage.DatabaseConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API benchmark: loads 100,000 devices and 20,000 instances into MariaDB or H2, starts
 * bmp.jar (the api verticle alone) on that database, and measures with wrk on loopback: a
 * filtered device list, one instance, and instance creation. Prints one line per scenario.
 *
 * <pre>java -cp … io.bmp.bench.ApiBench --db mariadb|h2 --jar verticles/launcher/target/bmp.jar
 *     [--seconds 10] [--connections 32] [--threads 2] [--warmup 20] [--load-only true]</pre>
 */
public final class ApiBench {

  record Result(String scenario, double requestsPerSecond, String p50, String p99, long requests, long non2xx) {}

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>(Map.of("--db", "h2", "--jar", "verticles/launcher/target/bmp.jar",
        "--seconds", "10", "--connections", "32", "--threads", "2", "--warmup", "20"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    String db = options.get("--db");
    Path work = Files.createTempDirectory("bmp-bench-api-");
    String mariaDbName = "bmp_bench_" + System.currentTimeMillis();
    JsonObject database = db.equals("mariadb")
        ? new JsonObject().put("kind", "mysql").put("host", "127.0.0.1").put("port", 3306).put("user", "root")
            .put("password", "").put("name", mariaDbName).put("poolSize", 16)
        : new JsonObject().put("kind", "h2").put("file", work.resolve("db").resolve("bmp").toString()).put("poolSize", 16);

    log("loading " + DataLoader.DEVICES + " devices and " + DataLoader.INSTANCES + " instances into " + db);
    long start = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    Database store = Database.open(vertx, DatabaseConfig.fromJson(database, work)).await();
    DataLoader.Loaded data = DataLoader.load(store);
    store.close().await();
    vertx.close().await();
    log(String.format("loaded in %.1f s", (System.nanoTime() - start) / 1e9));
    if (options.containsKey("--load-only")) {
      // For profiling by hand: the data stays; start bmp.jar on it as startServer does.
      log("data directory " + work + (db.equals("mariadb") ? ", database " + mariaDbName : "") + "; api key "
          + data.apiKey() + "; room " + data.roomId() + "; instance " + data.instanceId());
      return;
    }

    int port = freePort();
    Process server = startServer(options.get("--jar"), db, database, work, port);
    List<Result> results = new ArrayList<>();
    try {
      awaitHealth(port, server);
      String base = "http://127.0.0.1:" + port;
      String auth = "Authorization: Bearer " + data.apiKey();
      Path createScript = work.resolve("create.lua");
      Files.writeString(createScript, "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
          + "wrk.body = '{\"roomId\":\"" + data.roomId() + "\",\"deviceTypeId\":\"" + data.typeId() + "\",\"imageId\":\""
          + data.imageId() + "\",\"bootMode\":\"uefi\",\"name\":\"bench\",\"password\":\"Bench-pass-1\","
          + "\"projectId\":\"project-bench-7\"}'\n");
      String seconds = options.get("--seconds");
      // Warm the JIT, the pools and the caches first; then measure. C2 needs about 20 s of this load
      // before the figures settle (with 5 s the list measured at half its steady rate).
      wrk(options, options.get("--warmup"), base + "/v1/devices?roomId=" + data.roomId() + "&state=ready&pageSize=20", auth, null);
      results.add(wrk(options, seconds, base + "/v1/devices?roomId=" + data.roomId() + "&state=ready&pageSize=20", auth, null)
          .named("GET /v1/devices?roomId&state=ready&pageSize=20"));
      wrk(options, "5", base + "/v1/instances/" + data.instanceId(), auth, null);
      results.add(wrk(options, seconds, base + "/v1/instances/" + data.instanceId(), auth, null)
          .named("GET /v1/instances/{id}"));
      results.add(wrk(options, "5", base + "/v1/instances", auth, createScript).named("POST /v1/instances (count 1)"));
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      if (db.equals("mariadb")) {
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
            var s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + mariaDbName);
        }
      }
    }
    System.out.println();
    System.out.printf("API benchmark on %s: %d devices, %d instances; wrk -t%s -c%s, %s s per scenario%n", db,
        DataLoader.DEVICES, DataLoader.INSTANCES, options.get("--threads"), options.get("--connections"), options.get("--seconds"));
    System.out.printf("%-48s %12s %10s %10s %10s%n", "scenario", "req/s", "p50", "p99", "non-2xx");
    for (Result r : results) {
      System.out.printf("%-48s %12.0f %10s %10s %10d%n", r.scenario(), r.requestsPerSecond(), r.p50(), r.p99(), r.non2xx());
    }
  }

  private record Run(double rps, String p50, String p99, long requests, long non2xx) {
    Result named(String name) {
      return new Result(name, rps, p50, p99, requests, non2xx);
    }
  }

  private static Run wrk(Map<String, String> options, String seconds, String url, String header, Path script)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + options.get("--threads"), "-c" + options.get("--connections"),
        "-d" + seconds + "s", "--latency", "-H", header));
    if (script != null) {
      command.add("-s");
      command.add(script.toString());
    }
    command.add(url);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    long requests = (long) number(out, "([0-9]+) requests in");
    long non2xx = (long) number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)");
    return new Run(rps, text(out, "\\s50%\\s+(\\S+)"), text(out, "\\s99%\\s+(\\S+)"), requests, non2xx);
  }

  private static Process startServer(String jar, String db, JsonObject database, Path work, int port) throws IOException {
    List<String> command = List.of("java", "-jar", jar, "--conf", db.equals("mariadb") ? "central" : "all-in-one",
        "--data", work.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("BMP_"));
    env.put("BMP_VERTICLES", "api");
    String serverOptions = System.getenv("BENCH_SERVER_JAVA_OPTS");
    if (serverOptions != null) {
      env.put("JAVA_TOOL_OPTIONS", serverOptions);
    }
    env.put("BMP_API_PORT", Integer.toString(port));
    env.put("BMP_API_OPERATOR_PORT", "0");
    env.put("BMP_API_HOST", "127.0.0.1");
    env.put("BMP_API_INSTANCES", "2");
    env.put("BMP_NODE_CLUSTERED", "false");
    env.put("BMP_CACHE_KIND", "memory");
    env.put("BMP_DATABASE_POOL_SIZE", "16");
    if (db.equals("mariadb")) {
      env.put("BMP_DATABASE_NAME", database.getString("name"));
    } else {
      env.put("BMP_DATABASE_FILE", database.getString("file"));
    }
    return builder.start();
  }

  private static void awaitHealth(int port, Process server) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
        // Without timeouts one probe that is never answered stalls the run for good (seen once, with a
        // NullPointerException in vertx-micrometer's HTTP server metrics on a connection accepted
        // as the server came up).
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not become healthy");
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String text(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : "?";
  }

  private static void log(String line) {
    System.out.println("[bench] " + line);
  }
}
