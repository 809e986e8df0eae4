package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Room;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.HeldByOthers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Allocation takes free devices with SKIP LOCKED; a device another allocation holds is only
 * "taken" once that allocation commits. One that rolls back gives it back, so the request that
 * found it locked must be run again, not refused (the api's 20-creates-for-5-devices test caught
 * a refusal on a loaded machine).
 */
class AllocationTest extends StorageTestBase {

  @Test
  void aDeviceHeldByAnAllocationThatRollsBackIsGivenToTheNextNotRefused() {
    Room room = newRoom();
    DeviceType type = newDeviceType(room);
    DeviceRepository devices = new DeviceRepository(db);
    Device device = devices.create(newDevice(room, type, uniqueSn(), uniqueBmc(), "02:aa:00:00:00:01")).await();
    devices.settle(device.id(), DeviceState.IN_STOCK, DeviceState.READY, null).await();
    InstanceRepository instances = new InstanceRepository(db);

    Promise<Void> allocated = Promise.promise();
    Promise<Void> rollBack = Promise.promise();
    Future<Void> holder = db.inTransaction(tx -> instances.allocate(tx, room.id(), type.id(), List.of("i-first"))
        .onSuccess(d -> allocated.complete())
        .compose(d -> rollBack.future())
        .compose(v -> Future.<Void>failedFuture(new IllegalStateException("a deadlock later in the same transaction"))));
    allocated.future().await();

    // The pool's own transaction: the failure as allocate gives it, before any mapping.
    Throwable contended = db.pool().withTransaction(tx -> instances.allocate(tx, room.id(), type.id(), List.of("i-second")))
        .map(d -> (Throwable) null).otherwise(e -> e).await();
    assertThat(contended).as("the only free device is held, not gone").isInstanceOf(HeldByOthers.class);
    assertThat(((HeldByOthers) contended).ifStillHeld().code()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK);

    Future<List<String>> second = db.inTransactionRetrying(
        tx -> instances.allocate(tx, room.id(), type.id(), List.of("i-second")), 8);
    rollBack.complete();
    assertThat(holder.otherwise(e -> null).await()).isNull();
    assertThat(second.await()).as("the device the first allocation gave back").containsExactly(device.id());

    Throwable none = db.inTransactionRetrying(tx -> instances.allocate(tx, room.id(), type.id(), List.of("i-third")), 8)
        .map(d -> (Throwable) null).otherwise(e -> e).await();
    assertThat(none).as("no free device at all is refused at once").isInstanceOf(BmpException.class);
    assertThat(((BmpException) none).code()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK);
  }
}
