package io.bmp.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, made for one test and removed by {@link #close}:
 * the server side {@code <name>s} holds {@code <name>a} with {@link #SERVER_IP}/24, the client side
 * {@code <name>c} holds {@code <name>b} with no address (a booting NIC has none). Traffic never
 * leaves them; the host's interfaces, routes and resolv.conf are not touched.
 *
 * <p>Checksum offload is turned off on both ends: raw-socket clients (udhcpc, perfdhcp) drop
 * packets whose checksum the veth left to hardware that is not there.
 */
final class Netns implements AutoCloseable {

  static final String SERVER_IP = "10.99.0.1";

  final String server;
  final String client;
  final String serverIf;
  final String clientIf;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> extra = new ArrayList<>();

  private Netns(String name) {
    this.server = name + "s";
    this.client = name + "c";
    this.serverIf = name + "a";
    this.clientIf = name + "b";
  }

  /** Makes the pair; {@code clientMac} is given to the client end. Fails loudly without root or iproute2. */
  static Netns create(String clientMac) throws Exception {
    String name = "bmp" + ProcessHandle.current().pid() % 100000 + (char) ('a' + (int) (Math.random() * 26));
    Netns n = new Netns(name);
    try {
      n.run("ip", "netns", "add", n.server);
      n.run("ip", "netns", "add", n.client);
      n.run("ip", "link", "add", n.serverIf, "type", "veth", "peer", "name", n.clientIf);
      n.run("ip", "link", "set", n.serverIf, "netns", n.server);
      n.run("ip", "link", "set", n.clientIf, "netns", n.client);
      n.run("ip", "-n", n.client, "link", "set", n.clientIf, "address", clientMac);
      n.run("ip", "-n", n.server, "addr", "add", SERVER_IP + "/24", "dev", n.serverIf);
      for (String[] side : new String[][] {{n.server, n.serverIf}, {n.client, n.clientIf}}) {
        n.run("ip", "-n", side[0], "link", "set", side[1], "up");
        n.run("ip", "-n", side[0], "link", "set", "lo", "up");
        n.run("ip", "netns", "exec", side[0], "ethtool", "-K", side[1], "tx", "off");
      }
      return n;
    } catch (Exception e) {
      n.close();
      throw e;
    }
  }

  /** Gives the client end an address (for clients that are not DHCP clients: TFTP, HTTP, relays). */
  void addressClient(String cidr) throws Exception {
    run("ip", "-n", client, "addr", "add", cidr, "dev", clientIf);
  }

  /**
   * Turns the client end into a switch port for a virtual machine: a bridge in the client namespace
   * joins the veth end and a tap device, which QEMU opens by the returned name.
   */
  String bridgeTap() throws Exception {
    String bridge = client + "br";
    String tap = client + "tap";
    run("ip", "-n", client, "link", "add", bridge, "type", "bridge");
    run("ip", "-n", client, "link", "set", clientIf, "master", bridge);
    run("ip", "netns", "exec", client, "ip", "tuntap", "add", "dev", tap, "mode", "tap");
    run("ip", "-n", client, "link", "set", tap, "master", bridge);
    for (String link : new String[] {tap, bridge}) {
      run("ip", "-n", client, "link", "set", link, "up");
    }
    return tap;
  }

  /**
   * A third host on the client's bridge (after {@link #bridgeTap}): namespace {@code <name>o} with
   * the given address, for a peer such as the network's own DHCP server. Removed by {@link #close}.
   */
  String attachHost(String cidr) throws Exception {
    String ns = server.substring(0, server.length() - 1) + "o";
    String inside = ns + "i";
    String outside = ns + "x";
    run("ip", "netns", "add", ns);
    extra.add(ns);
    run("ip", "link", "add", inside, "type", "veth", "peer", "name", outside);
    run("ip", "link", "set", inside, "netns", ns);
    run("ip", "link", "set", outside, "netns", client);
    run("ip", "-n", client, "link", "set", outside, "master", client + "br");
    run("ip", "-n", client, "link", "set", outside, "up");
    run("ip", "-n", ns, "addr", "add", cidr, "dev", inside);
    run("ip", "-n", ns, "link", "set", inside, "up");
    run("ip", "-n", ns, "link", "set", "lo", "up");
    run("ip", "netns", "exec", ns, "ethtool", "-K", inside, "tx", "off");
    return ns;
  }

  void setClientMac(String mac) throws Exception {
    run("ip", "-n", client, "link", "set", clientIf, "address", mac);
  }

  /** Runs a command to completion and returns its output; fails on a non-zero exit. */
  String run(String... command) throws Exception {
    Result r = exec(60, command);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
    }
    return r.output();
  }

  record Result(int exit, String output) {}

  /** Runs a command, waiting at most {@code seconds}; returns its exit code and merged output. */
  Result exec(long seconds, String... command) throws Exception {
    Path out = Files.createTempFile("bmp-netns-", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in " + seconds + " s: "
            + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs a command inside a namespace to completion. */
  Result execIn(String namespace, long seconds, String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    return exec(seconds, full.toArray(String[]::new));
  }

  /** Starts a long-running process inside a namespace; it is killed by {@link #close}. */
  Process startIn(String namespace, Path log, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> namespaces = new ArrayList<>(extra);
    namespaces.add(server);
    namespaces.add(client);
    for (String ns : namespaces) {
      try {
        // Anything still running in the namespace (a daemonised client) goes first.
        Result pids = exec(10, "ip", "netns", "pids", ns);
        for (String pid : pids.output().split("\\s+")) {
          if (!pid.isBlank()) {
            exec(10, "kill", "-9", pid.trim());
          }
        }
        exec(10, "ip", "netns", "del", ns); // removes the veth end inside it, and so the pair
      } catch (Exception ignored) {
        // already gone
      }
    }
  }
}
