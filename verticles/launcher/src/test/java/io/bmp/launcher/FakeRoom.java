package io.bmp.launcher;

import io.bmp.agent.Agent;
import io.bmp.agent.host.SimulatedHost;
import io.bmp.core.bus.BusService;
import io.bmp.core.contract.DhcpContract;
import io.bmp.core.contract.DhcpContract.Release;
import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.contract.DhcpContract.ReservationState;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.BmcQuery;
import io.bmp.core.contract.DriverContract.BootCommand;
import io.bmp.core.contract.DriverContract.BootState;
import io.bmp.core.contract.DriverContract.CheckResult;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * A room for the scheduler's tests that answers on the real contract addresses but has no wires:
 * the driver and dhcp keep what they were told, and a power-on "boots" the machine in process. Boot
 * device PXE starts the real agent with the token of the node's reservation; boot device disk makes
 * the installed system check in with the guest token the install wrote. Faults are switched per device.
 */
final class FakeRoom {

  final Map<String, SimulatedHost> hosts = new ConcurrentHashMap<>();
  final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
  final Map<String, String> bootTarget = new ConcurrentHashMap<>();
  final Map<String, Agent> agents = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** Devices whose BMC never answers in time. */
  final Set<String> bmcTimesOut = ConcurrentHashMap.newKeySet();
  /** Devices whose installed OS never calls back. */
  final Set<String> guestSilent = ConcurrentHashMap.newKeySet();
  /** Devices whose NIC ROM never boots the LiveOS. */
  final Set<String> pxeFails = ConcurrentHashMap.newKeySet();
  /** Devices whose next network boot alone fails (the set forgets a device once its boot failed). */
  final Set<String> pxeFailsOnce = ConcurrentHashMap.newKeySet();

  private final Vertx vertx;
  private final WebClient client;
  private final WorkerExecutor worker;
  private final Map<String, String> macToDevice = new ConcurrentHashMap<>();

  FakeRoom(Vertx vertx, String room) {
    this.vertx = vertx;
    // One client for every simulated machine (a real one has its own): each LiveOS agent holds a
    // connection in its commands long-poll, which outlives the agent's stop until the poll ends, so
    // the default pool of 5 would make later machines' check-ins queue behind earlier ones.
    this.client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.worker = vertx.createSharedWorkerExecutor("fake-room-hosts", 8);
    BusService.serve(vertx, DriverContract.address(room), Map.of(
        DriverContract.CHECK, m -> {
          BmcQuery q = (BmcQuery) m.body();
          calls.add(q.bmc().device() + " check");
          return Future.succeededFuture(new CheckResult(q.bmc().device(), true, true, "administrator", true));
        },
        DriverContract.BOOT_DEVICE, m -> {
          BootCommand c = (BootCommand) m.body();
          calls.add(c.bmc().device() + " boot " + c.target());
          bootTarget.put(c.bmc().device(), c.target());
          return Future.succeededFuture(new BootState(c.bmc().device(), c.target(), c.persistent(), c.uefi()));
        },
        DriverContract.POWER, m -> power((PowerCommand) m.body()))).await();
    BusService.serve(vertx, DhcpContract.address(room), Map.of(
        DhcpContract.RESERVE, m -> {
          Reservation r = (Reservation) m.body();
          calls.add(macToDevice.get(r.mac()) + " reserve");
          reservations.put(r.mac(), r);
          return Future.succeededFuture(new ReservationState(room, r.mac(), true, r.withoutSecrets(), reservations.size()));
        },
        DhcpContract.RELEASE, m -> {
          Release r = (Release) m.body();
          calls.add(macToDevice.get(r.mac()) + " release");
          reservations.remove(r.mac());
          return Future.succeededFuture(new ReservationState(room, r.mac(), false, null, reservations.size()));
        })).await();
  }

  void add(String device, String mac, SimulatedHost host) {
    hosts.put(device, host);
    macToDevice.put(mac, device);
  }

  private Future<PowerState> power(PowerCommand command) {
    String device = command.bmc().device();
    calls.add(device + " power " + command.action());
    if (bmcTimesOut.contains(device)) {
      return Future.failedFuture(new BmpException(ErrorCode.BMC_TIMEOUT, "the BMC did not answer in time"));
    }
    if (!command.action().equals("off")) {
      vertx.setTimer(20, t -> boot(device));
    } else {
      Agent running = agents.remove(device);
      if (running != null) {
        running.stop();
      }
    }
    return Future.succeededFuture(new PowerState(device, command.action(), command.action().equals("off") ? "off" : "on", 1));
  }

  private void boot(String device) {
    Agent previous = agents.remove(device);
    if (previous != null) {
      previous.stop();
    }
    String target = bootTarget.getOrDefault(device, "disk");
    bootTarget.remove(device); // next-boot-only, as the scheduler asks
    SimulatedHost host = hosts.get(device);
    if (target.equals("pxe")) {
      if (pxeFails.contains(device) || pxeFailsOnce.remove(device)) {
        return;
      }
      Reservation r = reservations.values().stream().filter(x -> device.equals(macToDevice.get(x.mac()))).findFirst().orElse(null);
      if (r == null || r.boot() == null) {
        return;
      }
      Agent agent = new Agent(vertx, client, r.boot().agentEndpoint(), host, worker, 200);
      agents.put(device, agent);
      agent.start(r.boot().agentToken()).onFailure(e -> calls.add(device + " checkin refused: " + e.getMessage()));
    } else if (!guestSilent.contains(device)) {
      vertx.executeBlocking(host::guestSettings).onSuccess(guest -> {
        if (guest != null) {
          client.postAbs(guest.getString("endpoint") + "/guest/checkin").bearerTokenAuthentication(guest.getString("token"))
              .sendJsonObject(new JsonObject()).onSuccess(r -> calls.add(device + " guest " + r.statusCode()));
        }
      });
    }
  }

  void close() {
    agents.values().forEach(Agent::stop);
    worker.close();
    client.close();
  }
}
