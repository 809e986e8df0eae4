package io.bmp.core.repo;

import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.DriverContract.Bmc;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What central tells each room's driver to watch in the background (the BMCs of enrolled devices,
 * {@link DriverContract#WATCHED_DEVICE_STATES}), and the power states the drivers report back. A
 * device that leaves those states forgets its power state in the UPDATE that moves it
 * ({@link DeviceRepository}).
 */
public final class BmcWatchRepository extends Repository {

  private static final String WATCHED = " d.alive = 1 AND d.state IN ("
      + Where.placeholders(DriverContract.WATCHED_DEVICE_STATES.size()) + ")";

  public BmcWatchRepository(Database database) {
    super(database, Map.of());
  }

  /**
   * Per room with watched devices, a fingerprint of its watch list: how many, and the latest edit
   * of any of them and of the room (whose default BMC account they may use). A device that joins,
   * leaves or is edited changes it, so one aggregate query tells which rooms' lists to reload.
   */
  public Future<Map<String, String>> fingerprints() {
    return list(pool(), "SELECT d.room_id, COUNT(*), MAX(d.updated_at), MAX(r.updated_at) FROM devices d "
            + "JOIN rooms r ON r.id = d.room_id WHERE" + WATCHED + " GROUP BY d.room_id",
        Tuple.from(DriverContract.WATCHED_DEVICE_STATES), row -> new String[] {row.getString(0),
            row.getValue(1) + "/" + Rows.instant(row, 2) + "/" + Rows.instant(row, 3)})
        .map(rows -> {
          Map<String, String> byRoom = new HashMap<>();
          rows.forEach(r -> byRoom.put(r[0], r[1]));
          return byRoom;
        });
  }

  /** The room's watched BMCs, each with the room's default account where the device has none of its own. */
  public Future<List<Bmc>> watchList(String roomId) {
    List<Object> args = new ArrayList<>(DriverContract.WATCHED_DEVICE_STATES);
    args.add(0, roomId);
    return list(pool(), "SELECT d.id, d.bmc_type, d.bmc_address, d.bmc_port, COALESCE(d.bmc_user, r.bmc_user), "
            + "COALESCE(d.bmc_password_enc, r.bmc_password_enc) FROM devices d JOIN rooms r ON r.id = d.room_id "
            + "WHERE d.room_id = ? AND" + WATCHED + " ORDER BY d.id",
        Tuple.from(args), row -> Bmc.of(row.getString(0), row.getString(1), row.getString(2), Rows.integer(row, 3),
            row.getString(4), row.getString(5)));
  }

  /** Every live room: the full re-send names them all, so that a room left with nothing to watch is told so. */
  public Future<List<String>> rooms() {
    return list(pool(), "SELECT id FROM rooms WHERE alive = 1", Tuple.tuple(), row -> row.getString(0));
  }

  /**
   * Records a power state the driver learnt at {@code at} for a watched device, unless a later
   * event is already recorded (events may arrive out of order; {@code power_seen_at} orders them).
   * {@code power_since} moves only when the state changes: a restarted driver's first reading, or a
   * power command that ends where the machine already was, does not reset it. A device that is not
   * watched keeps {@code unknown} even when a task's power command told its state: nobody would
   * keep it current. Returns whether it was recorded. Neither updated_at nor version moves (an
   * observed state is not an edit), and the list totals stay cached (no count changes), hence not
   * {@link #update}.
   */
  public Future<Boolean> recordPower(String deviceId, String powerState, Instant at) {
    var when = Rows.utc(at);
    List<Object> args = new ArrayList<>(List.of(powerState, when, powerState, when, deviceId, when));
    args.addAll(DriverContract.WATCHED_DEVICE_STATES);
    // power_since first: MySQL evaluates the assignments left to right, against the columns as they change.
    return execute(pool(), "UPDATE devices d SET power_since = CASE WHEN power_state = ? AND power_since IS NOT NULL "
            + "THEN power_since ELSE ? END, power_state = ?, power_seen_at = ? WHERE id = ? "
            + "AND (power_seen_at IS NULL OR power_seen_at <= ?) AND" + WATCHED, Tuple.from(args))
        .map(RowSet::rowCount).map(changed -> changed == 1);
  }
}
