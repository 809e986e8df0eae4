package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.domain.Room;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import org.junit.jupiter.api.Test;

class RoomRepositoryTest extends StorageTestBase {

  @Test
  void createdRoomReadsBackWithItsFields() {
    Room room = newRoom();
    Room read = new RoomRepository(db).get(room.id()).await();
    assertThat(read.name()).isEqualTo(room.name());
    assertThat(read.hasBmcPassword()).isTrue();
    assertThat(read.version()).isZero();
    assertThat(read.createdAt()).isNotNull();
  }

  @Test
  void duplicateNameAmongLiveRoomsIsRefusedWithItsReason() {
    Room room = newRoom();
    Room twin = new Room(Ids.next("idc"), room.name(), null, "other" + room.shortName(), null, null, null, null,
        null, null, null, 0);
    assertThatThrownBy(() -> new RoomRepository(db).create(twin).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains("name");
        });
  }

  @Test
  void aDeletedRoomFreesItsName() {
    RoomRepository rooms = new RoomRepository(db);
    Room room = newRoom();
    rooms.delete(room.id()).await();
    assertThat(rooms.find(room.id()).await()).isEmpty();
    Room again = new Room(Ids.next("idc"), room.name(), null, room.shortName(), null, null, null, null, null, null,
        null, 0);
    assertThat(rooms.create(again).await().name()).isEqualTo(room.name());
  }

  @Test
  void staleVersionIsAConflictNotALostUpdate() {
    RoomRepository rooms = new RoomRepository(db);
    Room room = newRoom();
    Room first = rooms.update(withAddress(room, "Shanghai")).await();
    assertThat(first.version()).isEqualTo(1);
    assertThatThrownBy(() -> rooms.update(withAddress(room, "Guangzhou")).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    assertThat(rooms.get(room.id()).await().address()).isEqualTo("Shanghai");
  }

  @Test
  void aRoomWithDevicesCannotBeDeleted() {
    Room room = newRoom();
    new DeviceRepository(db).create(newDevice(room, null, uniqueSn(), uniqueBmc())).await();
    assertThatThrownBy(() -> new RoomRepository(db).delete(room.id()).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IN_USE));
  }

  @Test
  void missingRoomIsNotFound() {
    assertThatThrownBy(() -> new RoomRepository(db).get("idc-nope").await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  private static Room withAddress(Room r, String address) {
    return new Room(r.id(), r.name(), r.nameEn(), r.shortName(), r.level(), address, r.description(), r.bmcUser(),
        r.bmcPasswordEnc(), r.createdAt(), r.updatedAt(), r.version());
  }
}
