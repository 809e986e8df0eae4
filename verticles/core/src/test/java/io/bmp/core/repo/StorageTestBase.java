package io.bmp.core.repo;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.Volume;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.testing.DatabaseKind;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each storage test class once on H2 and once on MariaDB, on a fresh database per run.
 * Subclasses use {@link #db} and the small factories below.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(DatabaseKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageTestBase {

  @Parameter DatabaseKind kind;
  Path tempDir;

  Vertx vertx;
  Database db;

  @BeforeParameterizedClassInvocation
  void openDatabase() throws java.io.IOException {
    tempDir = java.nio.file.Files.createTempDirectory("bmp-storage-");
    vertx = Vertx.vertx();
    db = kind.open(vertx, tempDir);
  }

  @AfterParameterizedClassInvocation
  void closeDatabase() {
    if (db != null) {
      DatabaseKind.dispose(db);
    }
    vertx.close().await();
    io.bmp.core.testing.Files.deleteTree(tempDir);
  }

  Room newRoom() {
    String suffix = Ids.next("x").substring(2, 10);
    Room room = new Room(Ids.next("idc"), "Room " + suffix, "Room " + suffix, "r" + suffix, "T3", "Beijing",
        null, "admin", "enc:secret", null, null, 0);
    return new RoomRepository(db).create(room).await();
  }

  DeviceType newDeviceType(Room room) {
    String suffix = Ids.next("x").substring(2, 10);
    DeviceType type = new DeviceType(Ids.next("dt"), room.id(), "Type " + suffix, "bmp.c." + suffix, "computer",
        "x86_64", 2, 24, 256, 2, "bond", List.of("uefi", "bios"), true, null,
        List.of(new Volume(null, "system", "system", "SSD", "SATA", 480, 2, List.of("r-raid1", "r-noraid"))),
        null, null, 0, 0);
    return new DeviceTypeRepository(db).create(type).await();
  }

  Device newDevice(Room room, DeviceType type, String sn, String bmcAddress, String... macs) {
    List<NetworkInterface> nics = new java.util.ArrayList<>();
    for (int i = 0; i < macs.length; i++) {
      nics.add(new NetworkInterface("eth" + i, macs[i], i == 0 ? "pxe" : "lan", i, null, null));
    }
    return Device.imported(Ids.next("d"), sn, room.id(), type == null ? null : type.id(), bmcAddress, "admin",
        "enc:pw", nics);
  }

  private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger(1);

  /** A BMC address no other device of this run uses. */
  static String uniqueBmc() {
    int n = ADDRESSES.getAndIncrement();
    return "10.200." + (n / 250) + "." + (n % 250 + 1);
  }

  /** A MAC no other device of this run uses. */
  static String uniqueMac() {
    int n = ADDRESSES.getAndIncrement();
    return String.format("52:54:01:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }

  static String uniqueSn() {
    return "SN" + Ids.next("x").substring(2, 14).toUpperCase();
  }
}
