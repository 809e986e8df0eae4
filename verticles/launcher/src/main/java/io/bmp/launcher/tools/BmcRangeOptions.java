package io.bmp.launcher.tools;

import picocli.CommandLine.Option;

/** Where a run of lab BMCs listens (shared by {@code lab-bmcs} and {@code bmc-sweep}). */
final class BmcRangeOptions {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address of the BMCs (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--first-port", defaultValue = "20000", description = "UDP port of the first BMC (default ${DEFAULT-VALUE}).")
  int firstPort;

  @Option(names = "--user", defaultValue = "admin", description = "The BMCs' Administrator account (default ${DEFAULT-VALUE}).")
  String user;
}
