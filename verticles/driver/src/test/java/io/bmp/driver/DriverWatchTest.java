package io.bmp.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.lab.SimulatedBmc;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcEvent;
import io.bmp.core.contract.DriverContract.PowerCommand;
import io.bmp.core.contract.DriverContract.PowerState;
import io.bmp.core.contract.DriverContract.WatchList;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver's background work against simulated BMCs: a power change made behind the driver's
 * back (someone at the BMC's web page) and a new SEL entry are published as events; so are the
 * first reading of a newly watched BMC and a BMC that stops answering; a change the driver made
 * itself is not published twice; a bad watch list is refused whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverWatchTest {

  private Vertx vertx;
  private DriverCalls calls;
  private SimulatedBmc sim;
  private final BlockingQueue<BmcEvent> events = new LinkedBlockingQueue<>();

  @BeforeAll
  void start() {
    calls = DriverCalls.deploy("w1", new JsonObject().put("powerSyncMillis", 100).put("selPollMillis", 100)
        .put("confirmPollMillis", 20).put("timeoutMillis", 100).put("attempts", 2));
    vertx = calls.vertx();
    sim = SimulatedBmc.start(vertx, "127.0.0.1", 0, SimulatedBmc.Settings.of("admin", "pw-admin", 0), 1).await();
    vertx.eventBus().<BmcEvent>consumer(DriverContract.EVENTS, m -> events.add(m.body()));
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  private Bmc bmc() {
    return new Bmc("dev-watched", "ipmi", "127.0.0.1", sim.port(), "admin", calls.seal("pw-admin"));
  }

  /** The next event of {@code kind} for the watched device (others are skipped). */
  private BmcEvent next(String kind) throws InterruptedException {
    while (true) {
      BmcEvent event = events.poll(30, TimeUnit.SECONDS);
      assertThat(event).as("a %s event", kind).isNotNull();
      if (event.kind().equals(kind) && event.device().equals("dev-watched")) {
        return event;
      }
    }
  }

  /** Waits until the background has read the BMC at least once more (its request counter moves). */
  private void awaitPolls(int polls) throws InterruptedException {
    long start = DriverCalls.await(sim.onContext(sim::received));
    while (DriverCalls.await(sim.onContext(sim::received)) < start + polls) {
      Thread.sleep(20);
    }
  }

  @Test
  void changesBehindTheDriversBackArePublished() throws Exception {
    calls.ask(DriverContract.POWER, new PowerCommand(bmc(), "on"), PowerState.class);
    WatchList watching = calls.ask(DriverContract.WATCH, new WatchList(List.of(bmc())), WatchList.class);
    assertThat(watching.bmcs()).extracting(Bmc::device).containsExactly("dev-watched");
    awaitPolls(4); // the baseline reads
    events.clear();

    DriverCalls.await(sim.onContext(() -> {
      sim.node().powerDown();
      return null;
    }));
    BmcEvent power = next("power-changed");
    assertThat(power.detail()).isEqualTo("off");
    assertThat(power.room()).isEqualTo("w1");

    DriverCalls.await(sim.onContext(() -> sim.node().addEvent(0x01, 1, 0x01, 0x59, 0, 0)));
    // The power-down logged its own SEL entry, which a poll may find first: skip to the injected one.
    BmcEvent sel = next("sel-entry");
    if (sel.detail().startsWith("power-unit")) {
      sel = next("sel-entry");
    }
    assertThat(sel.detail()).startsWith("temperature");
  }

  @Test
  void aChangeTheDriverMadeIsPublishedOnce() throws Exception {
    calls.ask(DriverContract.WATCH, new WatchList(List.of(bmc())), WatchList.class);
    calls.ask(DriverContract.POWER, new PowerCommand(bmc(), "off"), PowerState.class);
    awaitPolls(4);
    events.clear();
    calls.ask(DriverContract.POWER, new PowerCommand(bmc(), "on"), PowerState.class);
    assertThat(next("power-changed").detail()).isEqualTo("on");
    awaitPolls(6); // several background syncs later, nobody has said it again
    assertThat(events.stream().filter(e -> e.kind().equals("power-changed"))).isEmpty();
  }

  @Test
  void theFirstReadingAndABmcThatStopsAnsweringArePublished() throws Exception {
    calls.ask(DriverContract.POWER, new PowerCommand(bmc(), "on"), PowerState.class);
    calls.ask(DriverContract.WATCH, new WatchList(List.of()), WatchList.class); // forget what was known
    events.clear();
    calls.ask(DriverContract.WATCH, new WatchList(List.of(bmc())), WatchList.class);
    assertThat(next("power-read").detail()).isEqualTo("on");

    sim.silent(true);
    try {
      BmcEvent lost = next("power-lost");
      assertThat(lost.detail()).isEqualTo("unknown");
    } finally {
      sim.silent(false);
    }
    assertThat(next("power-read").detail()).as("the BMC answers again").isEqualTo("on");
  }

  @Test
  void aBadWatchListChangesNothing() {
    calls.ask(DriverContract.WATCH, new WatchList(List.of(bmc())), WatchList.class);
    Bmc broken = new Bmc("dev-broken", "ipmi", "", 623, "admin", calls.seal("x"));
    assertThat(calls.failure(DriverContract.WATCH, new WatchList(List.of(bmc(), broken))).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(calls.ask(DriverContract.WATCH, new WatchList(List.of(bmc())), WatchList.class).bmcs()).hasSize(1);
  }
}
