package io.bmp.launcher.tools;

import io.bmp.agent.lab.BmcFarm;
import io.bmp.agent.lab.SimulatedBmc;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bmp.jar lab-bmcs}: simulated BMCs (IPMI 2.0 over LAN, cipher suites 0–3 and 15–17) on
 * consecutive UDP ports until the process is stopped; for trying the driver without hardware and
 * for bench/ipmi. The password comes from {@code BMP_LAB_BMC_PASSWORD}; without it a random one
 * is made and printed once (a simulator's, not a real machine's).
 */
@Command(name = "lab-bmcs", mixinStandardHelpOptions = true,
    description = "Runs simulated BMCs on consecutive UDP ports until stopped.")
public final class LabBmcsCommand implements Callable<Integer> {

  static final String PASSWORD_ENV = "BMP_LAB_BMC_PASSWORD";

  @Mixin
  BmcRangeOptions bmcs;

  @Option(names = "--count", defaultValue = "1", description = "How many BMCs (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--power-delay-ms", defaultValue = "2000",
      description = "How long a power change takes to show (default ${DEFAULT-VALUE}).")
  long powerDelayMillis;

  @Override
  public Integer call() {
    String password = System.getenv(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      byte[] random = new byte[12];
      new SecureRandom().nextBytes(random);
      password = HexFormat.of().formatHex(random);
      System.out.println("LAB-BMCS-PASSWORD " + password + " (set " + PASSWORD_ENV + " to choose one)");
    }
    Vertx vertx = Vertx.vertx();
    try {
      SimulatedBmc.Settings settings = SimulatedBmc.Settings.of(bmcs.user, password, powerDelayMillis);
      BmcFarm.start(vertx, bmcs.host, bmcs.firstPort, count, settings).await();
    } catch (RuntimeException e) {
      vertx.close();
      System.err.println("bmp: lab-bmcs: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    System.out.println("LAB-BMCS-UP count=" + count + " ports=" + bmcs.host + ":" + bmcs.firstPort + "-"
        + (bmcs.firstPort + count - 1) + " user=" + bmcs.user);
    return 0;
  }
}
