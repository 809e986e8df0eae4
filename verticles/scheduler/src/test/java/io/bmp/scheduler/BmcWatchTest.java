package io.bmp.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.bus.Bus;
import io.bmp.core.bus.Codecs;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.contract.DriverContract.BmcEvent;
import io.bmp.core.contract.DriverContract.WatchList;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.Room;
import io.bmp.core.repo.BmcWatchRepository;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.testing.DatabaseKind;
import io.bmp.core.testing.Files;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Central's watch of the room drivers, on a real (H2) database with a stand-in driver that records
 * the lists it is sent: the room's enrolled devices are sent at start and again when they change,
 * a driver that restarted is told at once, a driver that was down is told once it is back, a room
 * left with nothing to watch is told so even by a central that restarted meanwhile, and the power
 * states drivers publish land on the devices.
 */
class BmcWatchTest {

  private static final String ROOM = "watch-room";

  Path dataDir;
  Vertx vertx;
  Database db;
  DeviceRepository devices;
  BmcWatch watch;
  final BlockingQueue<WatchList> sent = new LinkedBlockingQueue<>();
  final AtomicBoolean driverDown = new AtomicBoolean();

  @BeforeEach
  void setUp() throws Exception {
    dataDir = java.nio.file.Files.createTempDirectory("bmp-watch-");
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
    db = DatabaseKind.H2.open(vertx, dataDir);
    devices = new DeviceRepository(db);
    new RoomRepository(db).create(new Room(ROOM, "Watch room", null, "w", null, null, null, "admin", "sealed:room",
        null, null, 0)).await();
    vertx.eventBus().<Object>consumer(DriverContract.endpoint(ROOM).address(), message -> {
      if (driverDown.get()) {
        message.fail(503, "driver down");
      } else if (DriverContract.WATCH.equals(message.headers().get(Bus.ACTION))) {
        WatchList list = (WatchList) message.body();
        sent.add(list);
        message.reply(list);
      }
    });
  }

  @AfterEach
  void tearDown() {
    if (watch != null) {
      onContext(() -> watch.stop()).await();
    }
    DatabaseKind.dispose(db);
    vertx.close().await();
    Files.deleteTree(dataDir);
  }

  private Context context;

  private <T> io.vertx.core.Future<T> onContext(Supplier<io.vertx.core.Future<T>> action) {
    if (context == null) {
      context = vertx.getOrCreateContext();
    }
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private void startWatch() {
    watch = new BmcWatch(vertx, new BmcWatchRepository(db), 100);
    onContext(() -> {
      watch.start();
      return io.vertx.core.Future.succeededFuture();
    }).await();
  }

  private Device onShelf(int n) {
    Device device = devices.create(Device.imported(Ids.next("d"), "WATCH-" + n + Ids.next("s").substring(2, 8), ROOM, null,
        "10.77.0." + n, null, null, List.of(new NetworkInterface("eth0", String.format("52:54:00:77:00:%02x", n), "pxe", 0,
            null, null)))).await();
    assertThat(devices.settle(device.id(), DeviceState.IN_STOCK, DeviceState.READY, null).await()).isTrue();
    return device;
  }

  private WatchList nextList() throws InterruptedException {
    WatchList list = sent.poll(20, TimeUnit.SECONDS);
    assertThat(list).as("a watch list sent to the driver").isNotNull();
    return list;
  }

  private static List<String> devicesOf(WatchList list) {
    return list.bmcs().stream().map(Bmc::device).sorted().toList();
  }

  @Test
  void theRoomsEnrolledDevicesAreSentAtStartAndAgainWhenTheyChange() throws Exception {
    Device first = onShelf(1);
    Device second = onShelf(2);
    devices.create(Device.imported(Ids.next("d"), "WATCH-STOCK", ROOM, null, "10.77.0.99", null, null, List.of())).await();
    startWatch();

    WatchList initial = nextList();
    assertThat(devicesOf(initial)).containsExactlyElementsOf(List.of(first.id(), second.id()).stream().sorted().toList());
    assertThat(initial.bmcs()).allSatisfy(b -> {
      assertThat(b.user()).as("the room's default account").isEqualTo("admin");
      assertThat(b.sealedPassword()).isEqualTo("sealed:room");
      assertThat(b.port()).isEqualTo(623);
    });
    Thread.sleep(500); // several periods without a change
    assertThat(sent).as("an unchanged list is not sent again").isEmpty();

    assertThat(devices.settle(second.id(), DeviceState.READY, DeviceState.IN_STOCK, null).await()).isTrue();
    assertThat(devicesOf(nextList())).containsExactly(first.id());

    assertThat(devices.settle(first.id(), DeviceState.READY, DeviceState.IN_STOCK, null).await()).isTrue();
    assertThat(nextList().bmcs()).as("nothing left to watch: the driver is told so").isEmpty();
  }

  @Test
  void aDriverThatRestartedIsToldAtOnceAndOneThatWasDownWhenItCanBe() throws Exception {
    Device device = onShelf(3);
    driverDown.set(true);
    startWatch();
    Thread.sleep(300);
    assertThat(sent).isEmpty();
    driverDown.set(false);
    assertThat(devicesOf(nextList())).as("told once it answers").containsExactly(device.id());

    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(ROOM, null, DriverContract.DRIVER_STARTED, "",
        System.currentTimeMillis()));
    assertThat(devicesOf(nextList())).as("told again after its restart").containsExactly(device.id());
  }

  @Test
  void aRoomLeftWithNothingToWatchIsToldSoByACentralThatRestarted() throws Exception {
    Device device = onShelf(5);
    startWatch();
    assertThat(devicesOf(nextList())).containsExactly(device.id());
    onContext(() -> watch.stop()).await();
    watch = null;

    assertThat(devices.settle(device.id(), DeviceState.READY, DeviceState.IN_STOCK, null).await()).isTrue();
    startWatch(); // central again, remembering nothing
    assertThat(nextList().bmcs()).as("the driver stops watching the device that left").isEmpty();
  }

  @Test
  void publishedPowerStatesLandOnTheDevices() throws Exception {
    Device device = onShelf(4);
    startWatch();
    nextList();
    long at = System.currentTimeMillis();
    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(ROOM, device.id(), "power-read", "on", at));
    assertThat(awaitPower(device.id(), "on").powerSince().toEpochMilli()).isEqualTo(at);
    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(ROOM, device.id(), "power-lost", "unknown", at + 10));
    awaitPower(device.id(), "unknown");
    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(ROOM, device.id(), "sel-entry", "temperature: x", at + 20));
    vertx.eventBus().publish(DriverContract.EVENTS, new BmcEvent(ROOM, device.id(), "power-changed", "off", at + 30));
    assertThat(awaitPower(device.id(), "off").powerSince().toEpochMilli()).isEqualTo(at + 30);
  }

  private Device awaitPower(String deviceId, String state) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    Device read = devices.get(deviceId).await();
    while (!read.powerState().equals(state) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      read = devices.get(deviceId).await();
    }
    assertThat(read.powerState()).isEqualTo(state);
    return read;
  }
}
