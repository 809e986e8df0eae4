package io.bmp.agent.lab;

import io.bmp.agent.Agent;
import io.bmp.agent.host.Host;
import io.bmp.agent.host.SimulatedHost;
import io.bmp.core.contract.AgentContract;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine of the lab: a {@link SimulatedBmc} in front of it, a {@link Host} for disks (a
 * {@link SimulatedHost}, or the Linux host on loop devices when a test wants the real disk work),
 * and what happens when it boots. Boot device PXE runs the {@link NicRom} against the room's real
 * DHCP, TFTP and HTTP, then the real {@link Agent} with the token from the kernel command line;
 * boot device disk starts "the installed OS", which calls back with the guest token the install
 * left in it (and keeps calling until the platform took it).
 *
 * <p>Its state (power, boot flags, what it booted into, the agent's session) is kept in
 * {@code state.json} next to its disks, so that a lab restarted with its manager finds its machines
 * as they were: one in the middle of its LiveOS goes on with the same session, as a real machine
 * would not notice its manager restarting. Everything of a node runs on its BMC's event loop.
 */
public final class LabNode {

  private static final Logger LOG = LoggerFactory.getLogger(LabNode.class);
  private static final long GUEST_RETRY_MILLIS = 2000;
  private static final int NETWORK_BOOT_TRIES = 5;
  private static final long NETWORK_BOOT_PAUSE_MILLIS = 3000;

  /** Shared by the nodes of a lab. */
  public record Shared(Vertx vertx, WebClient http, WorkerExecutor worker, NicRom rom, long progressMillis) {}

  private final Shared shared;
  private final String sn;
  private final String mac;
  private final SimulatedBmc bmc;
  private final Host host;
  private final Path stateFile;
  private Agent agent;
  private String agentEndpoint;
  private String agentDevice;
  private String agentSession;
  private boolean guestConfirmed;
  private int generation;
  private Future<Void> lastWrite = Future.succeededFuture();

  LabNode(Shared shared, String sn, String mac, SimulatedBmc bmc, Host host, Path dir) {
    this.shared = shared;
    this.sn = sn;
    this.mac = mac;
    this.bmc = bmc;
    this.host = host;
    this.stateFile = dir.resolve("state.json");
  }

  public String sn() {
    return sn;
  }

  public String mac() {
    return mac;
  }

  public SimulatedBmc bmc() {
    return bmc;
  }

  public Host host() {
    return host;
  }

  /** The host as the simulated one it is in a lab of simulated machines (its disks are files a test reads). */
  public SimulatedHost simulated() {
    return (SimulatedHost) host;
  }

  /** Wires the node to its BMC and puts it back as {@code state.json} left it (on the BMC's event loop). */
  Future<Void> attach() {
    return shared.vertx().fileSystem().exists(stateFile.toString())
        .compose(exists -> exists ? shared.vertx().fileSystem().readFile(stateFile.toString()).map(Buffer::toJsonObject)
            : Future.succeededFuture((JsonObject) null))
        .compose(saved -> bmc.onContext(() -> {
          bmc.node().onBoot(this::booted);
          bmc.node().onPower(on -> {
            if (!on) {
              stopOs("power off");
            }
            save();
          });
          if (saved != null) {
            restore(saved);
          }
          return null;
        }));
  }

  private void restore(JsonObject saved) {
    JsonObject flags = saved.getJsonObject("bootFlags", new JsonObject());
    JsonObject last = saved.getJsonObject("lastBoot");
    SimulatedNode.Boot lastBoot = last == null ? null
        : new SimulatedNode.Boot(BootDevice.valueOf(last.getString("device")), last.getBoolean("efi", true));
    boolean on = saved.getBoolean("powerOn", false);
    bmc.node().restore(on, new BootFlags(flags.getBoolean("valid", false), flags.getBoolean("persistent", false),
        flags.getBoolean("efi", true), BootDevice.valueOf(flags.getString("device", "NONE"))), lastBoot);
    guestConfirmed = saved.getBoolean("guestConfirmed", false);
    if (!on || lastBoot == null) {
      return;
    }
    JsonObject session = saved.getJsonObject("agent");
    if (lastBoot.device() == BootDevice.PXE && session != null) {
      LOG.info("LAB-NODE {} still in its LiveOS: the agent goes on with its session", sn);
      agentEndpoint = session.getString("endpoint");
      agentDevice = session.getString("device");
      agentSession = session.getString("session");
      startAgent(agentEndpoint).resume(agentDevice, agentSession);
    } else if (lastBoot.device() == BootDevice.PXE) {
      LOG.info("LAB-NODE {} was network-booting: the ROM tries again", sn);
      booted(lastBoot);
    } else if (!guestConfirmed) {
      booted(lastBoot);
    }
  }

  private void booted(SimulatedNode.Boot boot) {
    stopOs("reboot");
    int current = ++generation;
    save();
    if (boot.device() == BootDevice.PXE) {
      LOG.info("LAB-NODE {} boots from the network ({})", sn, boot.efi() ? "UEFI" : "BIOS");
      networkBoot(boot, current, 1);
    } else if (boot.device() == BootDevice.DISK || boot.device() == BootDevice.NONE) {
      guestBoot(current);
    } else {
      LOG.info("LAB-NODE {} boots from {}: nothing there", sn, boot.device());
    }
  }

  /** PXE, and on failure PXE again after a pause, as firmware whose boot order loops over the NIC does. */
  private void networkBoot(SimulatedNode.Boot boot, int current, int attempt) {
    shared.rom().boot(mac, boot.efi()).onComplete(booted -> bmc.onContext(() -> {
      if (current != generation) {
        return null; // rebooted meanwhile
      }
      if (booted.failed()) {
        if (attempt < NETWORK_BOOT_TRIES) {
          LOG.warn("LAB-NODE {} network boot failed ({}); trying again", sn, booted.cause().getMessage());
          shared.vertx().setTimer(NETWORK_BOOT_PAUSE_MILLIS, t -> bmc.onContext(() -> {
            if (current == generation) {
              networkBoot(boot, current, attempt + 1);
            }
            return null;
          }));
        } else {
          LOG.warn("LAB-NODE {} network boot failed {} times, giving up: {}", sn, attempt, booted.cause().getMessage());
        }
        return null;
      }
      NicRom.Booted b = booted.result();
      LOG.info("LAB-NODE {} LiveOS up at {} (boot file {} B, kernel {} B, initrd {} B; firmware {} ms, iPXE {} ms)", sn,
          b.address(), b.bootFileBytes(), b.kernelBytes(), b.initrdBytes(), b.firmwareMillis(), b.ipxeMillis());
      String endpoint = b.arg("bmp.agent");
      String token = b.arg("bmp.token");
      if (endpoint == null || token == null) {
        LOG.warn("LAB-NODE {}: the kernel command line has no bmp.agent or bmp.token; the LiveOS waits", sn);
        return null;
      }
      Agent started = startAgent(endpoint);
      started.start(token).onComplete(checkedIn -> bmc.onContext(() -> {
        if (checkedIn.failed()) {
          LOG.warn("LAB-NODE {} agent check-in failed: {}", sn, checkedIn.cause().getMessage());
        } else if (current == generation) {
          agentEndpoint = endpoint;
          agentDevice = started.device();
          agentSession = started.session();
          save();
        }
        return null;
      }));
      return null;
    }));
  }

  private Agent startAgent(String endpoint) {
    agent = new Agent(shared.vertx(), shared.http(), endpoint, host, shared.worker(), shared.progressMillis());
    return agent;
  }

  /** The installed OS comes up: it calls back with its guest token until the platform took the call. */
  private void guestBoot(int current) {
    shared.vertx().executeBlocking(host::guestSettings, false).onComplete(read -> bmc.onContext(() -> {
      if (current != generation) {
        return null;
      }
      JsonObject guest = read.succeeded() ? read.result() : null;
      if (guest == null) {
        LOG.info("LAB-NODE {} boots from disk: no operating system installed", sn);
        return null;
      }
      callBack(current, guest, 1);
      return null;
    }));
  }

  private void callBack(int current, JsonObject guest, int attempt) {
    shared.http().postAbs(guest.getString("endpoint") + AgentContract.PATH_GUEST_CHECKIN)
        .bearerTokenAuthentication(guest.getString("token")).timeout(15_000).sendJsonObject(new JsonObject())
        .onComplete(sent -> bmc.onContext(() -> {
          if (current != generation) {
            return null;
          }
          int status = sent.succeeded() ? sent.result().statusCode() : 0;
          if (status / 100 == 2) {
            LOG.info("LAB-NODE {} installed OS is up and checked in", sn);
            guestConfirmed = true;
            save();
          } else if (status / 100 == 4) {
            LOG.warn("LAB-NODE {} installed OS check-in refused: HTTP {}", sn, status);
          } else {
            shared.vertx().setTimer(GUEST_RETRY_MILLIS, t -> bmc.onContext(() -> {
              if (current == generation) {
                callBack(current, guest, attempt + 1);
              }
              return null;
            }));
          }
          return null;
        }));
  }

  private void stopOs(String why) {
    if (agent != null) {
      LOG.debug("LAB-NODE {} agent stops: {}", sn, why);
      agent.stop();
      agent = null;
    }
    agentEndpoint = null;
    agentDevice = null;
    agentSession = null;
    guestConfirmed = false;
  }

  /** Writes the state after every change, one write at a time, each replacing the file whole. */
  private void save() {
    SimulatedNode node = bmc.node();
    BootFlags flags = node.bootFlags();
    SimulatedNode.Boot last = node.lastBoot();
    JsonObject state = new JsonObject().put("powerOn", node.powerOn())
        .put("bootFlags", new JsonObject().put("valid", flags.valid()).put("persistent", flags.persistent())
            .put("efi", flags.efi()).put("device", flags.device().name()))
        .put("lastBoot", last == null ? null : new JsonObject().put("device", last.device().name()).put("efi", last.efi()))
        .put("agent", agentSession == null ? null : new JsonObject().put("device", agentDevice).put("session", agentSession)
            .put("endpoint", agentEndpoint))
        .put("guestConfirmed", guestConfirmed);
    String tmp = stateFile + ".tmp";
    var fs = shared.vertx().fileSystem();
    // Mode 0600 before it gets its name: it holds the agent's session.
    lastWrite = lastWrite.transform(v -> fs.writeFile(tmp, state.toBuffer())
        .compose(w -> fs.chmod(tmp, "rw-------"))
        .compose(w -> fs.move(tmp, stateFile.toString(), new CopyOptions().setReplaceExisting(true).setAtomicMove(true))))
        .onFailure(e -> LOG.warn("LAB-NODE {} state not saved: {}", sn, e.toString()));
  }

  Future<Void> close() {
    return bmc.onContext(() -> {
      if (agent != null) {
        agent.stop();
      }
      return null;
    }).compose(v -> lastWrite.otherwiseEmpty()).compose(v -> bmc.close());
  }
}
