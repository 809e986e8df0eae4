package io.bmp.launcher.tools;

import io.bmp.core.bus.Bus;
import io.bmp.core.bus.Codecs;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.error.BmpException;
import io.bmp.core.node.NodeResources;
import io.bmp.driver.DriverVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bmp.jar bmc-sweep}: reads the power state of BMCs on consecutive ports through a driver
 * verticle, over the event bus as the scheduler asks it, all at once (the room budget decides how
 * many are in flight), and prints per round how long it took, then the JVM's thread count and heap.
 * The first round opens every session (on a cold JVM); later rounds reuse them; a last round runs
 * on a driver deployed afresh (sessions closed and opened again, JVM warm). Used by bench/ipmi;
 * also a quick reachability sweep of a room's BMCs. The password comes from {@code BMP_LAB_BMC_PASSWORD}.
 */
@Command(name = "bmc-sweep", mixinStandardHelpOptions = true,
    description = "Reads the power state of BMCs on consecutive UDP ports through the driver and times it.")
public final class BmcSweepCommand implements Callable<Integer> {

  private static final String ROOM = "sweep";

  @Mixin
  BmcRangeOptions bmcs;

  @Option(names = "--count", defaultValue = "1000", description = "How many BMCs (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--rounds", defaultValue = "3", description = "Sweeps in a row (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--budget", defaultValue = "64", description = "BMCs in flight at most (default ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--cipher-suite", defaultValue = "3", description = "IPMI cipher suite (default ${DEFAULT-VALUE}).")
  int cipherSuite;

  @Override
  public Integer call() {
    String password = System.getenv(LabBmcsCommand.PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      System.err.println("bmp: bmc-sweep: set " + LabBmcsCommand.PASSWORD_ENV + " to the BMCs' password");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx);
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      SecretBox secrets = new SecretBox(key);
      NodeResources.of(vertx).install(secrets);
      JsonObject config = new JsonObject().put("room", ROOM).put("bindHost", "0.0.0.0").put("budget", budget)
          .put("cipherSuite", cipherSuite);
      String deployment = vertx.deployVerticle(new DriverVerticle(), new DeploymentOptions().setConfig(config)).await();
      String sealed = secrets.encrypt(password);
      List<Bmc> targets = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        targets.add(new Bmc("node-" + i, "ipmi", bmcs.host, bmcs.firstPort + i, bmcs.user, sealed));
      }
      boolean allOk = true;
      for (int round = 1; round <= rounds; round++) {
        allOk &= sweep(vertx, targets, round, round == 1 ? "opened" : "kept");
      }
      printJvm();
      // Undeploying closes every session at the BMCs; the new driver opens them again.
      vertx.undeploy(deployment).await();
      vertx.deployVerticle(new DriverVerticle(), new DeploymentOptions().setConfig(config)).await();
      allOk &= sweep(vertx, targets, rounds + 1, "reopened");
      return allOk ? 0 : 1;
    } finally {
      vertx.close().await();
    }
  }

  private boolean sweep(Vertx vertx, List<Bmc> bmcs, int round, String sessions) {
    long started = System.nanoTime();
    List<Future<PowerState>> calls = bmcs.stream().map(bmc -> Bus.request(vertx,
        DriverContract.endpoint(ROOM).withTimeout(300_000), DriverContract.POWER, new PowerCommand(bmc, "status"),
        PowerState.class)).toList();
    Future.join(calls).otherwiseEmpty().await();
    double millis = (System.nanoTime() - started) / 1e6;
    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<PowerState> call : calls) {
      String outcome = call.succeeded() ? "power-" + call.result().power()
          : call.cause() instanceof BmpException e ? e.code().name() : "INTERNAL";
      outcomes.merge(outcome, 1, Integer::sum);
    }
    long failed = calls.stream().filter(Future::failed).count();
    System.out.printf("SWEEP round=%d sessions=%s bmcs=%d ok=%d failed=%d ms=%.1f outcomes=%s%n", round,
        sessions, bmcs.size(), bmcs.size() - failed, failed, millis, outcomes);
    return failed == 0;
  }

  private static void printJvm() {
    var threads = ManagementFactory.getThreadMXBean();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.printf("SWEEP-JVM threads=%d peakThreads=%d heapUsedMiB=%.1f heapCommittedMiB=%.1f%n",
        threads.getThreadCount(), threads.getPeakThreadCount(), heap.getUsed() / 1048576.0,
        heap.getCommitted() / 1048576.0);
  }
}
