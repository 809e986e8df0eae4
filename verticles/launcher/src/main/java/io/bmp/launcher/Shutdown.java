package io.bmp.launcher;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Stops the node in order on SIGTERM or SIGINT, then exits 0 if it stopped cleanly (1 if not),
 * so a service manager can tell a clean stop from a crash. The JVM's default for SIGTERM would be
 * exit code 143 whatever happened. A shutdown hook covers the other ways a JVM ends.
 */
final class Shutdown {

  private Shutdown() {}

  static void install(Node node, long timeoutSeconds) {
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      try {
        node.stop().await(timeoutSeconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("bmp: node did not stop cleanly: " + e.getMessage());
        Runtime.getRuntime().halt(1);
      }
    };
    Signal.handle(new Signal("TERM"), signal -> exitAfter(stop));
    Signal.handle(new Signal("INT"), signal -> exitAfter(stop));
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "bmp-shutdown"));
  }

  private static void exitAfter(Runnable stop) {
    // Signal handlers run on a thread of their own: stopping here blocks no event loop.
    stop.run();
    System.exit(0);
  }
}
