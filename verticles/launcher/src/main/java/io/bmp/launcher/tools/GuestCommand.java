package io.bmp.launcher.tools;

import io.bmp.agent.live.GuestCheckin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bmp.jar guest}: run once at each boot of the installed system (a systemd unit after
 * network-online.target). Confirms the boot to the platform with the guest token the install left
 * in the system; exit 0 when confirmed, 1 when refused or not set up, 3 when the platform stayed
 * unreachable until the deadline.
 */
@Command(name = "guest", mixinStandardHelpOptions = true,
    description = "Confirms this installed system's boot to the platform (once per boot).")
public final class GuestCommand implements Callable<Integer> {

  @Option(names = "--settings", paramLabel = "FILE", defaultValue = "/etc/bmp/guest.json",
      description = "The guest settings the install wrote (default: ${DEFAULT-VALUE}).")
  Path settings;

  @Option(names = "--deadline-seconds", defaultValue = "1800",
      description = "How long to keep trying (default: ${DEFAULT-VALUE}).")
  long deadlineSeconds;

  @Option(names = "--retry-seconds", defaultValue = "5", description = "Pause between tries (default: ${DEFAULT-VALUE}).")
  long retrySeconds;

  @Override
  public Integer call() throws InterruptedException {
    return GuestCheckin.run(settings, Duration.ofSeconds(deadlineSeconds), Duration.ofSeconds(retrySeconds),
        line -> System.out.println("bmp: guest: " + line));
  }
}
