package io.bmp.core.repo;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.bmp.core.storage.Page;
import io.bmp.core.storage.PageRequest;
import io.bmp.core.storage.Repository;
import io.bmp.core.storage.Rows;
import io.bmp.core.storage.Sort;
import io.bmp.core.storage.Where;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Devices and their NICs. Serial number, BMC address and every MAC are unique among live
 * devices (the database enforces it); state changes follow {@link DeviceState}'s edges and are
 * checked against the current state and version in the same UPDATE.
 */
public final class DeviceRepository extends Repository {

  private static final Map<String, String> SORTABLE = Map.of(
      "sn", "sn", "state", "state", "createdAt", "created_at", "updatedAt", "updated_at", "bmcAddress", "bmc_address");

  private static final String COLUMNS = "id, sn, room_id, device_type_id, state, state_reason, cabinet, u_position, "
      + "bmc_type, bmc_address, bmc_port, bmc_user, bmc_password_enc, mgmt_ipv4, mgmt_mask, mgmt_gateway, "
      + "instance_id, description, created_at, updated_at, version";

  public DeviceRepository(Database database) {
    super(database, Map.of(
        "uk_devices_sn", "a live device with this serial number already exists",
        "uk_devices_bmc_address", "a live device with this BMC address already exists",
        "uk_interfaces_mac", "a live device with this MAC address already exists",
        "uk_interfaces_name", "two NICs of one device cannot share a name",
        "fk_devices_room", "the room does not exist",
        "fk_devices_device_type", "the device type does not exist"));
  }

  /** Imports one device with its NICs, all or nothing. */
  public Future<Device> create(Device device) {
    return database.inTransaction(tx -> insert(tx, device)).compose(v -> get(device.id()));
  }

  /** Imports many devices in one transaction: one bad row and nothing is imported. */
  public Future<Void> createAll(List<Device> devices) {
    return database.inTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (Device device : devices) {
        chain = chain.compose(v -> insert(tx, device).recover(failure -> Future.failedFuture(
            failure instanceof BmpException bmp
                ? new BmpException(bmp.code(), "device " + device.sn() + ": " + bmp.getMessage())
                : failure)));
      }
      return chain;
    });
  }

  private Future<Void> insert(SqlClient tx, Device device) {
    var now = Rows.now();
    return update(tx,
        "INSERT INTO devices (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        Tuple.from(new Object[] {device.id(), device.sn(), device.roomId(), device.deviceTypeId(),
            device.state().wire(), device.stateReason(), device.cabinet(), device.uPosition(), device.bmcType(),
            device.bmcAddress(), device.bmcPort(), device.bmcUser(), device.bmcPasswordEnc(), device.mgmtIpv4(),
            device.mgmtMask(), device.mgmtGateway(), device.instanceId(), device.description(), now, now}))
        .compose(n -> device.interfaces().isEmpty() ? Future.succeededFuture()
            : insertInterfaces(tx, device.id(), device.interfaces()));
  }

  private Future<Void> insertInterfaces(SqlClient tx, String deviceId, List<NetworkInterface> nics) {
    Future<Void> chain = Future.succeededFuture();
    for (NetworkInterface nic : nics) {
      chain = chain.compose(v -> update(tx,
          "INSERT INTO device_interfaces (id, device_id, name, mac, role, nic_index, switch_ip, switch_port) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          Tuple.from(new Object[] {Ids.next("nic"), deviceId, nic.name(), nic.mac(), nic.role(), nic.index(),
              nic.switchIp(), nic.switchPort()}))
          .<Void>mapEmpty()
          .recover(failure -> Future.failedFuture(failure instanceof BmpException bmp && bmp.code() == ErrorCode.ALREADY_EXISTS
              ? new BmpException(bmp.code(), bmp.getMessage() + " (" + nic.mac() + ")") : failure)));
    }
    return chain;
  }

  public Future<Optional<Device>> find(String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM devices WHERE id = ? AND alive = 1", Tuple.of(id), row -> row)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.empty())
            : interfacesOf(List.of(id)).map(nics -> Optional.of(map(row.get(), nics.getOrDefault(id, List.of())))));
  }

  public Future<Device> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> new BmpException(ErrorCode.NOT_FOUND, "device " + id + " not found")));
  }

  public Future<Optional<Device>> findBySn(String sn) {
    return one(pool(), "SELECT id FROM devices WHERE sn = ? AND alive = 1", Tuple.of(sn), row -> row.getString("id"))
        .compose(id -> id.isEmpty() ? Future.succeededFuture(Optional.empty()) : find(id.get()));
  }

  /** One page of live devices matching the filter, with the total count. */
  public Future<Page<Device>> page(DeviceFilter filter, PageRequest page, String sort) {
    Where where = new Where("alive = 1")
        .eq("room_id", filter.roomId())
        .eq("device_type_id", filter.deviceTypeId())
        .in("state", filter.states() == null ? null : filter.states().stream().map(DeviceState::wire).toList())
        .startsWith("sn", filter.snPrefix());
    String orderBy = Sort.orderBy(sort, SORTABLE, "created_at DESC");
    Future<Long> total = count(pool(), "SELECT COUNT(*) FROM devices" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(),
        "SELECT " + COLUMNS + " FROM devices" + where.sql() + orderBy + " LIMIT ? OFFSET ?",
        where.argsWithPage(page), row -> row);
    return Future.all(total, rows).compose(both -> {
      List<Row> found = rows.result();
      List<String> ids = found.stream().map(r -> r.getString("id")).toList();
      return interfacesOf(ids).map(nics -> new Page<>(
          found.stream().map(r -> map(r, nics.getOrDefault(r.getString("id"), List.of()))).toList(),
          total.result(), page.pageNumber(), page.pageSize()));
    });
  }

  public Future<Page<Device>> page(DeviceFilter filter, PageRequest page) {
    return page(filter, page, null);
  }

  /**
   * Moves a device to {@code target} if it is still at {@code expectedVersion} and in a state
   * that may move there. Fails {@code VERSION_CONFLICT} if someone changed it meanwhile and
   * {@code INVALID_STATE} if the move is not allowed from where it is.
   */
  public Future<Device> moveTo(String id, int expectedVersion, DeviceState target, String reason) {
    Set<DeviceState> from = DeviceState.predecessorsOf(target);
    List<Object> args = new ArrayList<>(List.of(target.wire()));
    args.add(reason);
    args.add(Rows.now());
    args.add(id);
    args.add(expectedVersion);
    from.forEach(s -> args.add(s.wire()));
    String retire = target == DeviceState.REMOVED ? ", alive = NULL, deleted_at = ?" : "";
    if (target == DeviceState.REMOVED) {
      args.add(3, Rows.now());
    }
    return database.inTransaction(tx -> update(tx,
            "UPDATE devices SET state = ?, state_reason = ?, updated_at = ?" + retire + ", version = version + 1 "
                + "WHERE id = ? AND version = ? AND alive = 1 AND state IN (" + Where.placeholders(from.size()) + ")",
            Tuple.from(args))
        .compose(changed -> {
          if (changed == 1) {
            return target == DeviceState.REMOVED
                ? update(tx, "UPDATE device_interfaces SET alive = NULL WHERE device_id = ?", Tuple.of(id)).mapEmpty()
                : Future.<Void>succeededFuture();
          }
          return find(id).compose(current -> Future.failedFuture(explainRefusal(id, expectedVersion, target, current)));
        }))
        .compose(v -> target == DeviceState.REMOVED ? Future.succeededFuture((Device) null) : get(id));
  }

  private static BmpException explainRefusal(String id, int expectedVersion, DeviceState target, Optional<Device> current) {
    if (current.isEmpty()) {
      return new BmpException(ErrorCode.NOT_FOUND, "device " + id + " not found");
    }
    if (current.get().version() != expectedVersion) {
      return new BmpException(ErrorCode.VERSION_CONFLICT, "device " + id + " was changed by someone else; reload and retry");
    }
    return new BmpException(ErrorCode.INVALID_STATE,
        "device " + id + " is " + current.get().state().wire() + " and cannot become " + target.wire());
  }

  private Future<Map<String, List<NetworkInterface>>> interfacesOf(List<String> deviceIds) {
    if (deviceIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return list(pool(),
        "SELECT device_id, name, mac, role, nic_index, switch_ip, switch_port FROM device_interfaces "
            + "WHERE device_id IN (" + Where.placeholders(deviceIds.size()) + ") ORDER BY device_id, nic_index",
        Tuple.from(new ArrayList<Object>(deviceIds)), row -> row)
        .map(rows -> {
          Map<String, List<NetworkInterface>> byDevice = new HashMap<>();
          for (Row row : rows) {
            byDevice.computeIfAbsent(row.getString("device_id"), k -> new ArrayList<>())
                .add(new NetworkInterface(row.getString("name"), row.getString("mac"), row.getString("role"),
                    Rows.integer(row, "nic_index"), row.getString("switch_ip"), row.getString("switch_port")));
          }
          return byDevice;
        });
  }

  private static Device map(Row row, List<NetworkInterface> nics) {
    return new Device(row.getString("id"), row.getString("sn"), row.getString("room_id"),
        row.getString("device_type_id"), DeviceState.fromWire(row.getString("state")), row.getString("state_reason"),
        row.getString("cabinet"), row.getString("u_position"), row.getString("bmc_type"), row.getString("bmc_address"),
        Rows.integer(row, "bmc_port"), row.getString("bmc_user"), row.getString("bmc_password_enc"),
        row.getString("mgmt_ipv4"), row.getString("mgmt_mask"), row.getString("mgmt_gateway"),
        row.getString("instance_id"), row.getString("description"), nics, Rows.instant(row, "created_at"),
        Rows.instant(row, "updated_at"), Rows.integer(row, "version"));
  }
}
