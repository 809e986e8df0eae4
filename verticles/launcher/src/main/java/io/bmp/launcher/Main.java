package io.bmp.launcher;

import io.bmp.core.error.BmpException;
import io.bmp.launcher.tools.AgentCommand;
import io.bmp.launcher.tools.BmcSweepCommand;
import io.bmp.launcher.tools.GuestCommand;
import io.bmp.launcher.tools.LabBmcsCommand;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar bmp.jar [--conf FILE] [--room ID] [--data DIR] [--debug]}: starts one node as
 * its deployment descriptor says (all-in-one when no descriptor is named). A descriptor that
 * cannot run ends the process with exit code 2, a node that cannot start (database unreachable,
 * port taken, cluster not joined) with exit code 1; either way with one line on stderr that names
 * the problem, and a stack trace only with {@code --debug}. SIGTERM stops the node in order.
 * Tools ride along as subcommands: {@code lab-bmcs} (simulated BMCs), {@code bmc-sweep} (power
 * state of many BMCs through the driver, timed), and the machine side of provisioning:
 * {@code agent} (the LiveOS agent) and {@code guest} (the installed system's boot confirmation).
 */
@Command(name = "bmp.jar", mixinStandardHelpOptions = true, version = "BMP 0.1.0",
    description = "Runs a BMP node: all-in-one by default, or the shape its descriptor names.",
    subcommands = {LabBmcsCommand.class, BmcSweepCommand.class, AgentCommand.class, GuestCommand.class})
public final class Main implements Callable<Integer> {

  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;
  private static final long STOP_TIMEOUT_SECONDS = 60;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Deployment descriptor (default: $BMP_CONF, else the packaged conf/all-in-one.json).")
  Path conf;

  @Option(names = "--room", paramLabel = "ID", description = "The room this node serves (sets node.room).")
  String room;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (sets node.dataDir; default ./data).")
  String data;

  @Option(names = "--debug", description = "Log at DEBUG and print stack traces of start-up failures.")
  boolean debug;

  @Option(names = "--lab", paramLabel = "N",
      description = "All-in-one only: add N simulated machines to the node's room, imported and shelved through the API.")
  Integer lab;

  @Option(names = "--lab-idle", description = "With --lab: leave new machines on the shelf (no demo install).")
  boolean labIdle;

  @Option(names = "--lab-image-mib", paramLabel = "MIB", defaultValue = "8",
      description = "With --lab: size of the demo raw image in MiB (default: ${DEFAULT-VALUE}).")
  int labImageMib;

  @Option(names = "--lab-bmc-port", paramLabel = "PORT", defaultValue = "10623",
      description = "With --lab: the UDP port of every simulated BMC, each on its own loopback address (default: ${DEFAULT-VALUE}).")
  int labBmcPort;

  @Option(names = "--lab-disk-mibps", paramLabel = "MIBPS", defaultValue = "0",
      description = "With --lab: each simulated disk's write bandwidth in MiB/s (default: 0, unlimited).")
  int labDiskMibps;

  private final Map<String, String> env;

  Main(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    Main main = new Main(System.getenv());
    int code = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    if (debug) {
      System.setProperty("BMP_LOG_LEVEL", "DEBUG");
    }
    Descriptor descriptor;
    try {
      Path file = conf != null ? conf : env.containsKey("BMP_CONF") ? Path.of(env.get("BMP_CONF")) : null;
      descriptor = Descriptor.load(file).resolve(env, room, data);
    } catch (DescriptorException | BmpException e) {
      return fail(EXIT_CONFIG, e);
    }
    Node node;
    try {
      node = Node.start(descriptor).await();
    } catch (DescriptorException e) {
      return fail(EXIT_CONFIG, e);
    } catch (RuntimeException e) {
      return fail(EXIT_START, e);
    }
    if (lab != null) {
      try {
        LabRunner.start(node, lab, !labIdle, labImageMib, labBmcPort, labDiskMibps).await();
      } catch (DescriptorException e) {
        node.stop().await();
        return fail(EXIT_CONFIG, e);
      } catch (RuntimeException e) {
        node.stop().await();
        return fail(EXIT_START, e);
      }
    }
    Shutdown.install(node, STOP_TIMEOUT_SECONDS);
    return 0;
  }

  private int fail(int code, Throwable failure) {
    System.err.println("bmp: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
    if (debug) {
      failure.printStackTrace();
    }
    return code;
  }
}
