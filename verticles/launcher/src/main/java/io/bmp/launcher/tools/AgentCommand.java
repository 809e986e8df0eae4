package io.bmp.launcher.tools;

import io.bmp.agent.Agent;
import io.bmp.agent.host.linux.LinuxHost;
import io.bmp.agent.live.KernelCommandLine;
import io.bmp.agent.live.LiveAgent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bmp.jar agent}: the LiveOS agent. Reads its endpoint and one-time token from the kernel
 * command line the platform's iPXE script gave the LiveOS, checks in, and carries out the
 * scheduler's commands on this machine's disks until the platform reboots it. Runs as root.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Runs the LiveOS agent (bmp.agent= and bmp.token= from the kernel command line).")
public final class AgentCommand implements Callable<Integer> {

  @Option(names = "--cmdline", paramLabel = "FILE", defaultValue = "/proc/cmdline",
      description = "Where the kernel command line is read (default: ${DEFAULT-VALUE}).")
  Path cmdline;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "/run/bmp-agent",
      description = "Work directory: session, layout, mount point (default: ${DEFAULT-VALUE}, gone at reboot).")
  Path work;

  @Option(names = "--disks", paramLabel = "LIST", split = ",",
      description = "Disks the install may use (sda,sdb…), instead of bmp.disks= or every disk the kernel lists.")
  List<String> disks;

  @Option(names = "--checkin-deadline-seconds", defaultValue = "600",
      description = "How long to keep trying to reach the platform at start (default: ${DEFAULT-VALUE}).")
  long checkinDeadlineSeconds;

  @Override
  public Integer call() {
    LiveAgent.Options options;
    try {
      Map<String, String> args = KernelCommandLine.parse(Files.readString(cmdline));
      options = LiveAgent.Options.fromKernel(args, work, Duration.ofSeconds(checkinDeadlineSeconds));
    } catch (Exception e) {
      System.err.println("bmp: agent: " + e.getMessage());
      return 2;
    }
    List<String> use = disks != null ? disks : options.disks();
    Vertx vertx = Vertx.vertx();
    try {
      LinuxHost host = new LinuxHost(LinuxHost.Settings.of(use, work));
      Agent agent = LiveAgent.start(vertx, options, host).await();
      System.out.println("AGENT-UP device=" + agent.device() + " endpoint=" + options.endpoint()
          + " disks=" + (use.isEmpty() ? "all" : String.join(",", use)));
    } catch (Exception e) {
      vertx.close();
      System.err.println("bmp: agent: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    return 0;
  }
}
