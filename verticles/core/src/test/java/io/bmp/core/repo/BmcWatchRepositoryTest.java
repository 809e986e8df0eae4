package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Room;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BmcWatchRepositoryTest extends StorageTestBase {

  BmcWatchRepository watch;
  DeviceRepository devices;
  Room room;
  DeviceType type;

  @BeforeEach
  void setUp() {
    watch = new BmcWatchRepository(db);
    devices = new DeviceRepository(db);
    room = newRoom();
    type = newDeviceType(room);
  }

  private Device onShelf(String bmcUser) {
    Device imported = newDevice(room, type, uniqueSn(), uniqueBmc());
    Device device = new Device(imported.id(), imported.sn(), room.id(), type.id(), DeviceState.IN_STOCK, null, "unknown",
        null, null, null, "ipmi", imported.bmcAddress(), null, bmcUser, bmcUser == null ? null : "enc:own", null, null,
        null, null, null, null, List.of(), null, null, 0);
    Device created = devices.create(device).await();
    assertThat(devices.settle(created.id(), DeviceState.IN_STOCK, DeviceState.READY, null).await()).isTrue();
    return devices.get(created.id()).await();
  }

  @Test
  void theListHoldsTheRoomsEnrolledDevicesWithTheRoomsAccountWhereTheyHaveNone() {
    Device own = onShelf("ops");
    Device roomDefault = onShelf(null);
    devices.create(newDevice(room, type, uniqueSn(), uniqueBmc())).await(); // in stock: not watched

    List<Bmc> list = watch.watchList(room.id()).await();
    assertThat(list).extracting(Bmc::device).containsExactlyInAnyOrder(own.id(), roomDefault.id());
    Bmc fromRoom = list.stream().filter(b -> b.device().equals(roomDefault.id())).findFirst().orElseThrow();
    assertThat(fromRoom.user()).isEqualTo("admin");
    assertThat(fromRoom.sealedPassword()).isEqualTo("enc:secret");
    assertThat(fromRoom.port()).isEqualTo(623);
    Bmc itsOwn = list.stream().filter(b -> b.device().equals(own.id())).findFirst().orElseThrow();
    assertThat(itsOwn.user()).isEqualTo("ops");
    assertThat(itsOwn.sealedPassword()).isEqualTo("enc:own");
  }

  @Test
  void theFingerprintMovesWhenADeviceJoinsOrLeavesTheList() {
    onShelf(null);
    String before = watch.fingerprints().await().get(room.id());
    assertThat(before).isNotNull();
    assertThat(watch.fingerprints().await().get(room.id())).as("nothing changed").isEqualTo(before);

    Device joined = onShelf(null);
    String afterJoin = watch.fingerprints().await().get(room.id());
    assertThat(afterJoin).isNotEqualTo(before);

    assertThat(devices.settle(joined.id(), DeviceState.READY, DeviceState.IN_STOCK, null).await()).isTrue();
    assertThat(watch.fingerprints().await().get(room.id())).isNotEqualTo(afterJoin);
  }

  @Test
  void aPowerStateIsRecordedWithoutCountingAsAnEditAndAnOlderOneDoesNotOverwriteIt() {
    Device device = onShelf(null);
    String fingerprint = watch.fingerprints().await().get(room.id());
    Instant seen = Instant.parse("2026-11-21T10:00:00.123Z");
    assertThat(watch.recordPower(device.id(), "on", seen).await()).isTrue();
    assertThat(watch.recordPower(device.id(), "off", seen.minusSeconds(5)).await()).as("an older reading").isFalse();

    Device read = devices.get(device.id()).await();
    assertThat(read.powerState()).isEqualTo("on");
    assertThat(read.powerSince()).isEqualTo(seen);
    assertThat(read.version()).as("not an edit").isEqualTo(device.version());
    assertThat(read.updatedAt()).isEqualTo(device.updatedAt());
    assertThat(watch.fingerprints().await().get(room.id())).as("nor a change of the watch list").isEqualTo(fingerprint);
  }

  @Test
  void devicesThatLeaveTheListForgetTheirPowerStateAndNoCommandResultBringsItBack() {
    Device device = onShelf(null);
    Device staying = onShelf(null);
    watch.recordPower(device.id(), "on", Instant.now()).await();
    watch.recordPower(staying.id(), "off", Instant.now()).await();
    assertThat(devices.settle(device.id(), DeviceState.READY, DeviceState.IN_STOCK, null).await()).isTrue();

    assertThat(devices.get(device.id()).await().powerState()).isEqualTo("unknown");
    assertThat(devices.get(device.id()).await().powerSince()).isNull();
    assertThat(devices.get(staying.id()).await().powerState()).isEqualTo("off");
    assertThat(watch.recordPower(device.id(), "off", Instant.now()).await())
        .as("a power command's result for a device nobody watches").isFalse();
    assertThat(devices.get(device.id()).await().powerState()).isEqualTo("unknown");
    assertThat(watch.rooms().await()).contains(room.id());
  }

  @Test
  void theStateHoldsSinceItsChangeNotSinceTheLatestReport() {
    Device device = onShelf(null);
    Instant on = Instant.parse("2026-11-21T10:00:00Z");
    watch.recordPower(device.id(), "on", on).await();
    assertThat(watch.recordPower(device.id(), "on", on.plusSeconds(60)).await()).as("a restarted driver's reading").isTrue();
    assertThat(devices.get(device.id()).await().powerSince()).isEqualTo(on);

    assertThat(watch.recordPower(device.id(), "off", on.plusSeconds(30)).await()).as("older than the latest report").isFalse();
    assertThat(watch.recordPower(device.id(), "off", on.plusSeconds(90)).await()).isTrue();
    Device off = devices.get(device.id()).await();
    assertThat(off.powerState()).isEqualTo("off");
    assertThat(off.powerSince()).isEqualTo(on.plusSeconds(90));
  }
}
