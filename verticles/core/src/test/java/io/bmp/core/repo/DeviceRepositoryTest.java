package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Room;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Page;
import io.bmp.core.storage.PageRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceRepositoryTest extends StorageTestBase {

  private static final AtomicInteger NEXT = new AtomicInteger(1);

  DeviceRepository devices;
  Room room;
  DeviceType type;

  @BeforeEach
  void setUp() {
    devices = new DeviceRepository(db);
    room = newRoom();
    type = newDeviceType(room);
  }

  static String bmc() {
    int n = NEXT.getAndIncrement();
    return "10.1." + (n / 250) + "." + (n % 250 + 1);
  }

  static String mac() {
    int n = NEXT.getAndIncrement();
    return String.format("52:54:00:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }

  @Test
  void deviceReadsBackWithCanonicalMacsAndDeviceType() {
    String upperMac = mac().toUpperCase().replace(':', '-');
    Device created = devices.create(newDevice(room, type, uniqueSn(), bmc(), upperMac, mac())).await();
    assertThat(created.state()).isEqualTo(DeviceState.IN_STOCK);
    assertThat(created.deviceTypeId()).isEqualTo(type.id());
    assertThat(created.interfaces()).hasSize(2);
    assertThat(created.interfaces().get(0).mac()).isEqualTo(upperMac.toLowerCase().replace('-', ':'));
    assertThat(devices.findBySn(created.sn()).await()).map(Device::id).contains(created.id());
  }

  @Test
  void anInventoryReplacesTheDisksUpdatesKnownNicsAndAddsNewOnesButNotAnotherDevicesMac() {
    String pxe = mac();
    String extra = mac();
    String othersMac = mac();
    devices.create(newDevice(room, type, uniqueSn(), bmc(), othersMac)).await();
    Device device = devices.create(newDevice(room, type, uniqueSn(), bmc(), pxe)).await();
    io.vertx.core.json.JsonObject inventory = new io.vertx.core.json.JsonObject()
        .put("vendor", "Acme").put("model", "X1").put("architecture", "x86_64").put("bootMode", "uefi")
        .put("disks", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("name", "sda").put("path", "/dev/sda").put("sizeBytes", 480L << 30)
                .put("type", "ssd").put("interface", "sata").put("serial", "S1"))
            .add(new io.vertx.core.json.JsonObject().put("name", "nvme0n1").put("sizeBytes", 1L << 40).put("type", "nvme")))
        .put("nics", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("name", "eth0").put("mac", pxe.toUpperCase()).put("speedMbps", 25_000)
                .put("lldp", new io.vertx.core.json.JsonObject().put("switchIp", "10.9.0.1").put("switchPort", "Eth1/7")))
            .add(new io.vertx.core.json.JsonObject().put("name", "eth1").put("mac", extra))
            .add(new io.vertx.core.json.JsonObject().put("name", "eth2").put("mac", othersMac)));

    devices.recordInventory(device.id(), inventory).await();
    devices.recordInventory(device.id(), inventory).await(); // a second collection replaces, never doubles

    assertThat(devices.disks(device.id()).await()).extracting(io.bmp.core.domain.Disk::name)
        .containsExactlyInAnyOrder("sda", "nvme0n1");
    Device after = devices.get(device.id()).await();
    assertThat(after.interfaces()).extracting(NetworkInterface::mac).containsExactly(pxe, extra);
    assertThat(after.interfaces().get(0).switchIp()).isEqualTo("10.9.0.1");
    assertThat(after.interfaces().get(0).switchPort()).isEqualTo("Eth1/7");
    assertThat(after.version()).isGreaterThan(device.version());
  }

  /**
   * Collections of many machines ending at once, twice: each device keeps exactly the disks its
   * last collection found. On MariaDB replacing disks by device_id deadlocked between neighbours.
   */
  @Test
  void inventoriesOfManyDevicesRecordedAtOnceEachReplaceTheirOwnDisks() {
    List<Device> many = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(devices.create(newDevice(room, type, uniqueSn(), bmc(), mac())).await());
    }
    for (int round = 0; round < 2; round++) {
      String disk = "sd" + (char) ('a' + round);
      List<io.vertx.core.Future<Void>> recorded = many.stream().map(d -> devices.recordInventory(d.id(),
          new io.vertx.core.json.JsonObject().put("disks", new io.vertx.core.json.JsonArray()
              .add(new io.vertx.core.json.JsonObject().put("name", disk).put("sizeBytes", 1L << 40).put("serial", d.sn()))
              .add(new io.vertx.core.json.JsonObject().put("name", "nvme0n1").put("sizeBytes", 1L << 40)))))
          .toList();
      io.vertx.core.Future.join(recorded).transform(all -> io.vertx.core.Future.succeededFuture()).await();
      for (int i = 0; i < many.size(); i++) {
        assertThat(recorded.get(i).succeeded()).as("round %d, device %d: %s", round, i, recorded.get(i).cause()).isTrue();
        assertThat(devices.disks(many.get(i).id()).await()).extracting(io.bmp.core.domain.Disk::name)
            .containsExactlyInAnyOrder(disk, "nvme0n1");
      }
    }
  }

  @Test
  void theListShowsTheNicsACollectionChangedAndRowsWithoutASummaryAreReadFromTheTable() {
    String pxe = mac();
    String added = mac();
    String sn = "NS" + uniqueSn();
    Device device = devices.create(newDevice(room, type, sn, bmc(), pxe)).await();
    devices.recordInventory(device.id(), new io.vertx.core.json.JsonObject().put("nics", new io.vertx.core.json.JsonArray()
        .add(new io.vertx.core.json.JsonObject().put("name", "eth0").put("mac", pxe)
            .put("lldp", new io.vertx.core.json.JsonObject().put("switchIp", "10.9.0.2").put("switchPort", "Eth1/9 机柜A")))
        .add(new io.vertx.core.json.JsonObject().put("name", "eth5").put("mac", added)))).await();
    DeviceFilter bySn = new DeviceFilter(room.id(), null, Set.of(), sn);
    List<NetworkInterface> expected = List.of(new NetworkInterface("eth0", pxe, "pxe", 0, "10.9.0.2", "Eth1/9 机柜A"),
        new NetworkInterface("eth5", added, "lan", 1, null, null));
    assertThat(devices.page(bySn, PageRequest.first(5)).await().items()).singleElement()
        .satisfies(d -> assertThat(d.interfaces()).isEqualTo(expected));
    assertThat(devices.get(device.id()).await().interfaces()).isEqualTo(expected);

    // A row written before the summary column existed: its NICs come from device_interfaces.
    db.pool().preparedQuery("UPDATE devices SET interfaces_json = NULL WHERE id = ?")
        .execute(io.vertx.sqlclient.Tuple.of(device.id())).await();
    assertThat(devices.page(bySn, PageRequest.first(5)).await().items()).singleElement()
        .satisfies(d -> assertThat(d.interfaces()).isEqualTo(expected));
    assertThat(devices.get(device.id()).await().interfaces()).isEqualTo(expected);
  }

  @Test
  void duplicateSerialNumberIsRefusedAndNothingOfTheSecondDeviceRemains() {
    String sn = uniqueSn();
    devices.create(newDevice(room, type, sn, bmc(), mac())).await();
    String freshMac = mac();
    assertThatThrownBy(() -> devices.create(newDevice(room, type, sn, bmc(), freshMac)).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains("serial number");
        });
    // The MAC of the refused device was not left behind: a third device may use it.
    assertThat(devices.create(newDevice(room, type, uniqueSn(), bmc(), freshMac)).await().interfaces()).hasSize(1);
  }

  @Test
  void duplicateMacOnAnotherLiveDeviceIsRefused() {
    String shared = mac();
    devices.create(newDevice(room, type, uniqueSn(), bmc(), shared)).await();
    assertThatThrownBy(() -> devices.create(newDevice(room, type, uniqueSn(), bmc(), shared.toUpperCase())).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains("MAC").contains(shared);
        });
  }

  @Test
  void duplicateBmcAddressIsRefused() {
    String address = bmc();
    devices.create(newDevice(room, type, uniqueSn(), address, mac())).await();
    assertThatThrownBy(() -> devices.create(newDevice(room, type, uniqueSn(), address, mac())).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.getMessage()).contains("BMC address"));
  }

  @Test
  void aRetiredDeviceFreesItsSerialNumberAndMacs() {
    String sn = uniqueSn();
    String address = bmc();
    String nic = mac();
    Device old = devices.create(newDevice(room, type, sn, address, nic)).await();
    devices.moveTo(old.id(), old.version(), DeviceState.REMOVED, "decommissioned").await();
    assertThat(devices.find(old.id()).await()).isEmpty();
    Device again = devices.create(newDevice(room, type, sn, address, nic)).await();
    assertThat(again.sn()).isEqualTo(sn);
  }

  @Test
  void unknownDeviceTypeIsAnInvalidArgument() {
    Device device = Device.imported("d-x" + NEXT.getAndIncrement(), uniqueSn(), room.id(), "dt-missing", bmc(), "u", null, List.of());
    assertThatThrownBy(() -> devices.create(device).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("device type");
        });
  }

  @Test
  void bulkImportIsAllOrNothing() {
    String taken = uniqueSn();
    devices.create(newDevice(room, type, taken, bmc(), mac())).await();
    List<Device> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(newDevice(room, type, uniqueSn(), bmc(), mac()));
    }
    batch.add(newDevice(room, type, taken, bmc(), mac()));
    assertThatThrownBy(() -> devices.createAll(batch).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains("serial number");
        });
    for (Device d : batch.subList(0, 5)) {
      assertThat(devices.findBySn(d.sn()).await()).isEmpty();
    }
  }

  @Test
  void conflictsNameTheKeysLiveDevicesAlreadyUse() {
    String sn = uniqueSn();
    String address = bmc();
    String nic = mac();
    devices.create(newDevice(room, type, sn, address, nic)).await();
    DeviceRepository.Conflicts taken = devices.conflicts(List.of(sn, "FREE-" + sn), List.of(nic, mac()),
        List.of(address, bmc())).await();
    assertThat(taken.sns()).containsExactly(sn);
    assertThat(taken.macs()).containsExactly(nic);
    assertThat(taken.bmcAddresses()).containsExactly(address);
  }

  @Test
  void stateMovesFollowTheStateMachine() {
    Device d = devices.create(newDevice(room, type, uniqueSn(), bmc(), mac())).await();
    Device shelving = devices.moveTo(d.id(), d.version(), DeviceState.SHELVING, null).await();
    Device ready = devices.moveTo(d.id(), shelving.version(), DeviceState.READY, null).await();
    assertThat(ready.state()).isEqualTo(DeviceState.READY);
    // READY cannot go back to SHELVING
    assertThatThrownBy(() -> devices.moveTo(d.id(), ready.version(), DeviceState.SHELVING, null).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
          assertThat(e.getMessage()).contains("ready").contains("shelving");
        });
  }

  @Test
  void twoConcurrentAllocationsOfOneDeviceLetExactlyOneWin() {
    Device d = devices.create(newDevice(room, type, uniqueSn(), bmc(), mac())).await();
    Device s = devices.moveTo(d.id(), d.version(), DeviceState.SHELVING, null).await();
    Device ready = devices.moveTo(d.id(), s.version(), DeviceState.READY, null).await();
    List<Future<Device>> racers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racers.add(devices.moveTo(d.id(), ready.version(), DeviceState.IN_USE, "allocated"));
    }
    Future.join(racers).otherwiseEmpty().await();
    assertThat(racers.stream().filter(Future::succeeded).count()).isEqualTo(1);
    assertThat(racers.stream().filter(Future::failed).map(f -> ((BmpException) f.cause()).code()))
        .allMatch(code -> code == ErrorCode.VERSION_CONFLICT || code == ErrorCode.INVALID_STATE);
  }

  @Test
  void pagesCarryTheTotalAndHonourTheFilter() {
    Room other = newRoom();
    for (int i = 0; i < 7; i++) {
      devices.create(newDevice(room, type, "PG" + room.shortName() + i, bmc(), mac())).await();
    }
    devices.create(newDevice(other, null, uniqueSn(), bmc(), mac())).await();
    DeviceFilter inRoom = new DeviceFilter(room.id(), null, Set.of(DeviceState.IN_STOCK), "PG" + room.shortName());
    Page<Device> first = devices.page(inRoom, new PageRequest(1, 5)).await();
    Page<Device> second = devices.page(inRoom, new PageRequest(2, 5)).await();
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.items()).hasSize(5);
    assertThat(second.items()).hasSize(2);
    assertThat(first.items()).allMatch(dev -> dev.roomId().equals(room.id()) && dev.interfaces().size() == 1);
    assertThat(devices.page(new DeviceFilter(room.id(), null, Set.of(DeviceState.READY), null), PageRequest.first(5))
        .await().total()).isZero();
  }

  @Test
  void likeWildcardsInTheSerialPrefixAreLiteral() {
    devices.create(newDevice(room, type, "W_" + room.shortName(), bmc(), mac())).await();
    devices.create(newDevice(room, type, "WX" + room.shortName(), bmc(), mac())).await();
    assertThat(devices.page(new DeviceFilter(room.id(), null, Set.of(), "W_"), PageRequest.first(10)).await().total())
        .isEqualTo(1);
  }
}
