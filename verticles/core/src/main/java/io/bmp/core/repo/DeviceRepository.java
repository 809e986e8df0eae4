package io.bmp.core.repo;

import io.bmp.core.contract.DriverContract;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
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

  // map() reads these by position: keep the order.
  private static final String COLUMNS = "id, sn, room_id, device_type_id, state, state_reason, cabinet, u_position, "
      + "bmc_type, bmc_address, bmc_port, bmc_user, bmc_password_enc, mgmt_ipv4, mgmt_mask, mgmt_gateway, "
      + "mgmt_ipv6, instance_id, description, created_at, updated_at, version";

  /**
   * What reads select: the row, its NIC summary (NULL for rows written before migration V5) and
   * the power state last read from its BMC, which inserts leave to the defaults.
   */
  private static final String READ_COLUMNS = COLUMNS + ", interfaces_json, power_state, power_since";
  private static final int SUMMARY_POSITION = COLUMNS.split(",").length;

  private static final String INSERT = "INSERT INTO devices (" + COLUMNS + ", interfaces_json) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";

  private static final Map<String, String> CONSTRAINTS = Map.of(
      "uk_devices_sn", "a live device with this serial number already exists",
      "uk_devices_bmc_address", "a live device with this BMC address already exists",
      "uk_interfaces_mac", "a live device with this MAC address already exists",
      "uk_interfaces_name", "two NICs of one device cannot share a name",
      "fk_devices_room", "the room does not exist",
      "fk_devices_device_type", "the device type does not exist");

  public DeviceRepository(Database database) {
    super(database, CONSTRAINTS);
  }

  /** Imports one device with its NICs, all or nothing. */
  public Future<Device> create(Device device) {
    return database.inTransaction(tx -> insert(tx, device)).compose(v -> get(device.id()));
  }

  /**
   * Imports many devices in one transaction with two batched statements: one bad row and nothing
   * is imported. Callers check rows first ({@link #conflicts}) so that the database's own refusal
   * is the rare race, not the way errors are found.
   */
  public Future<Void> createAll(List<Device> devices) {
    if (devices.isEmpty()) {
      return Future.succeededFuture();
    }
    var now = Rows.now();
    List<Tuple> deviceRows = new ArrayList<>(devices.size());
    List<Tuple> nicRows = new ArrayList<>();
    for (Device d : devices) {
      deviceRows.add(Tuple.from(new Object[] {d.id(), d.sn(), d.roomId(), d.deviceTypeId(), d.state().wire(),
          d.stateReason(), d.cabinet(), d.uPosition(), d.bmcType(), d.bmcAddress(), d.bmcPort(), d.bmcUser(),
          d.bmcPasswordEnc(), d.mgmtIpv4(), d.mgmtMask(), d.mgmtGateway(), d.mgmtIpv6(), d.instanceId(), d.description(), now, now,
          InterfaceSummary.encode(d.interfaces())}));
      for (NetworkInterface nic : d.interfaces()) {
        nicRows.add(Tuple.from(new Object[] {Ids.next("nic"), d.id(), nic.name(), nic.mac(), nic.role(), nic.index(),
            nic.switchIp(), nic.switchPort()}));
      }
    }
    return database.inTransaction(tx -> tx.preparedQuery(INSERT).executeBatch(deviceRows)
        .compose(r -> nicRows.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "INSERT INTO device_interfaces (id, device_id, name, mac, role, nic_index, switch_ip, switch_port) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)").executeBatch(nicRows))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(io.bmp.core.storage.SqlErrors.map(failure, CONSTRAINTS))));
  }

  /** The disks hardware collection found in the device (none before it ran). */
  public Future<List<io.bmp.core.domain.Disk>> disks(String deviceId) {
    return get(deviceId).compose(d -> list(pool(), "SELECT name, device_path, serial_number, size_bytes, disk_type, "
        + "interface_type, controller, enclosure, slot, volume_id FROM device_disks WHERE device_id = ? ORDER BY name",
        Tuple.of(deviceId), r -> new io.bmp.core.domain.Disk(r.getString("name"), r.getString("device_path"),
            r.getString("serial_number"), Rows.longValue(r, "size_bytes"), r.getString("disk_type"),
            r.getString("interface_type"), r.getString("controller"), r.getString("enclosure"), r.getString("slot"),
            r.getString("volume_id"))));
  }

  /** Serial numbers, MACs and BMC addresses, among these, that live devices already use. */
  public record Conflicts(Set<String> sns, Set<String> macs, Set<String> bmcAddresses) {}

  public Future<Conflicts> conflicts(Collection<String> sns, Collection<String> macs, Collection<String> bmcAddresses) {
    Future<Set<String>> takenSns = existing("SELECT sn FROM devices WHERE alive = 1 AND sn IN ", sns);
    Future<Set<String>> takenMacs = existing("SELECT mac FROM device_interfaces WHERE alive = 1 AND mac IN ", macs);
    Future<Set<String>> takenBmcs = existing("SELECT bmc_address FROM devices WHERE alive = 1 AND bmc_address IN ", bmcAddresses);
    return Future.all(takenSns, takenMacs, takenBmcs)
        .map(v -> new Conflicts(takenSns.result(), takenMacs.result(), takenBmcs.result()));
  }

  private Future<Set<String>> existing(String selectIn, Collection<String> values) {
    List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(values));
    List<Future<List<String>>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      chunks.add(list(pool(), selectIn + "(" + Where.placeholders(chunk.size()) + ")",
          Tuple.from(new ArrayList<Object>(chunk)), r -> r.getString(0)));
    }
    return Future.all(chunks).map(v -> {
      Set<String> found = new java.util.HashSet<>();
      chunks.forEach(c -> found.addAll(c.result()));
      return found;
    });
  }

  /**
   * Changes the editable fields if the caller saw the current version. The device type may change
   * only while the device is in stock, and its NICs only while no instance is on it and no task
   * works on it: in stock, ready or after a failed shelving (checked here, against the same version).
   */
  public Future<Device> update(String id, int expectedVersion, DevicePatch patch) {
    return get(id).compose(current -> {
      if (current.version() != expectedVersion) {
        return Future.failedFuture(versionConflict(id));
      }
      if (patch.deviceTypeId() != null && !patch.deviceTypeId().equals(current.deviceTypeId())
          && current.state() != DeviceState.IN_STOCK) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.deviceTypeLocked",
            "the device type can change only while the device is in stock (it is " + current.state().wire() + ")",
            current.state().wire()));
      }
      if (patch.interfaces() != null && !java.util.EnumSet.of(DeviceState.IN_STOCK, DeviceState.READY,
          DeviceState.SHELF_FAILED).contains(current.state())) {
        return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_STATE, "error.interfacesLocked",
            "the NICs can change only while the device is in stock, ready or failed shelving (it is "
                + current.state().wire() + ")", current.state().wire()));
      }
      return database.inTransaction(tx -> update(tx, "UPDATE devices SET device_type_id = COALESCE(?, device_type_id), cabinet = COALESCE(?, cabinet), "
              + "u_position = COALESCE(?, u_position), bmc_address = COALESCE(?, bmc_address), bmc_port = COALESCE(?, bmc_port), "
              + "bmc_user = COALESCE(?, bmc_user), bmc_password_enc = COALESCE(?, bmc_password_enc), "
              + "mgmt_ipv4 = COALESCE(?, mgmt_ipv4), mgmt_mask = COALESCE(?, mgmt_mask), mgmt_gateway = COALESCE(?, mgmt_gateway), "
              + "mgmt_ipv6 = COALESCE(?, mgmt_ipv6), interfaces_json = COALESCE(?, interfaces_json), "
              + "description = COALESCE(?, description), updated_at = ?, version = version + 1 "
              + "WHERE id = ? AND version = ? AND alive = 1",
          Tuple.from(new Object[] {patch.deviceTypeId(), patch.cabinet(), patch.uPosition(), patch.bmcAddress(),
              patch.bmcPort(), patch.bmcUser(), patch.bmcPasswordEnc(), patch.mgmtIpv4(), patch.mgmtMask(),
              patch.mgmtGateway(), patch.mgmtIpv6(),
              patch.interfaces() == null ? null : InterfaceSummary.encode(patch.interfaces()), patch.description(),
              Rows.now(), id, expectedVersion}))
          .compose(changed -> changed != 1 ? Future.failedFuture(versionConflict(id))
              : patch.interfaces() == null ? Future.<Void>succeededFuture()
              // Deleted, not retired: a live device's NIC names stay unique (uk_interfaces_name), and no row refers to NICs.
              : update(tx, "DELETE FROM device_interfaces WHERE device_id = ? AND alive = 1", Tuple.of(id))
                  .compose(n -> insertInterfaces(tx, id, patch.interfaces())))
          .recover(failure -> Future.failedFuture(io.bmp.core.storage.SqlErrors.map(failure, CONSTRAINTS))))
          .compose(v -> get(id));
    });
  }

  /** Deletes a device that is in stock or failed shelving (one in use must be freed first). */
  public Future<Void> delete(String id) {
    var now = Rows.now();
    return database.inTransaction(tx -> update(tx,
            "UPDATE devices SET alive = NULL, deleted_at = ?, updated_at = ?, version = version + 1 "
                + "WHERE id = ? AND alive = 1 AND state IN ('in_stock', 'shelf_failed')", Tuple.of(now, now, id))
        .compose(changed -> changed == 1
            ? update(tx, "UPDATE device_interfaces SET alive = NULL WHERE device_id = ?", Tuple.of(id)).<Void>mapEmpty()
            : find(id).compose(found -> Future.failedFuture(found.isEmpty() ? notFound(id)
                : BmpException.localized(ErrorCode.INVALID_STATE, "error.deviceNotDeletable",
                    "device " + id + " is " + found.get().state().wire() + "; only a device in stock or after a failed "
                        + "shelving can be deleted", found.get().state().wire())))));
  }

  private Future<Void> insert(SqlClient tx, Device device) {
    var now = Rows.now();
    return update(tx, INSERT,
        Tuple.from(new Object[] {device.id(), device.sn(), device.roomId(), device.deviceTypeId(),
            device.state().wire(), device.stateReason(), device.cabinet(), device.uPosition(), device.bmcType(),
            device.bmcAddress(), device.bmcPort(), device.bmcUser(), device.bmcPasswordEnc(), device.mgmtIpv4(),
            device.mgmtMask(), device.mgmtGateway(), device.mgmtIpv6(), device.instanceId(), device.description(), now, now,
            InterfaceSummary.encode(device.interfaces())}))
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
    return one(pool(), "SELECT " + READ_COLUMNS + " FROM devices WHERE id = ? AND alive = 1", Tuple.of(id), row -> row)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.empty())
            : withInterfaces(List.of(row.get())).map(devices -> Optional.of(devices.get(0))));
  }

  public Future<Device> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  private static BmpException notFound(String id) {
    return CatalogRepository.notFound("noun.device", id);
  }

  private static BmpException versionConflict(String id) {
    return BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict",
        "device " + id + " was changed by someone else; reload and retry", "noun.device", id);
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
    Future<Long> total = listTotal("SELECT COUNT(*) FROM devices" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(),
        "SELECT " + READ_COLUMNS + " FROM devices" + where.sql() + orderBy + " LIMIT ? OFFSET ?",
        where.argsWithPage(page), row -> row);
    return Future.all(total, rows).compose(both -> withInterfaces(rows.result())
        .map(devices -> new Page<>(devices, total.result(), page.pageNumber(), page.pageSize())));
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
    return database.inTransaction(tx -> moveTo(tx, id, expectedVersion, target, reason))
        .compose(v -> target == DeviceState.REMOVED ? Future.succeededFuture((Device) null) : get(id));
  }

  /** {@link #moveTo(String, int, DeviceState, String)} inside the caller's transaction. */
  public Future<Void> moveTo(SqlClient tx, String id, int expectedVersion, DeviceState target, String reason) {
    Set<DeviceState> from = DeviceState.predecessorsOf(target);
    List<Object> args = new ArrayList<>(List.of(target.wire()));
    args.add(reason);
    args.add(Rows.now());
    if (target == DeviceState.REMOVED) {
      args.add(Rows.now());
    }
    args.add(id);
    args.add(expectedVersion);
    from.forEach(s -> args.add(s.wire()));
    String retire = target == DeviceState.REMOVED ? ", alive = NULL, deleted_at = ?" : "";
    return update(tx,
            "UPDATE devices SET state = ?, state_reason = ?, updated_at = ?" + retire + forgetPower(target)
                + ", version = version + 1 "
                + "WHERE id = ? AND version = ? AND alive = 1 AND state IN (" + Where.placeholders(from.size()) + ")",
            Tuple.from(args))
        .compose(changed -> {
          if (changed == 1) {
            return target == DeviceState.REMOVED
                ? update(tx, "UPDATE device_interfaces SET alive = NULL WHERE device_id = ?", Tuple.of(id)).mapEmpty()
                : Future.<Void>succeededFuture();
          }
          return one(tx, "SELECT " + READ_COLUMNS + " FROM devices WHERE id = ? AND alive = 1", Tuple.of(id), r -> map(r, List.of()))
              .compose(current -> Future.failedFuture(explainRefusal(id, expectedVersion, target, current)));
        });
  }

  /**
   * The end of a task moves the device on from where the task left it: {@code from} to {@code
   * target}, whatever its version (the scheduler owns the device while its task runs). Returns
   * whether it moved; a device that was moved elsewhere meanwhile (retired, say) is left alone.
   */
  public Future<Boolean> settle(String id, DeviceState from, DeviceState target, String reason) {
    return update(pool(), "UPDATE devices SET state = ?, state_reason = ?, updated_at = ?" + forgetPower(target)
            + ", version = version + 1 WHERE id = ? AND alive = 1 AND state = ?",
        Tuple.of(target.wire(), reason, Rows.now(), id, from.wire()))
        .map(changed -> changed == 1);
  }

  /**
   * A device leaving the states whose BMCs the room's driver watches forgets its power state in the
   * same UPDATE: nobody reads it any more, so a state kept from before would look current.
   */
  private static String forgetPower(DeviceState target) {
    return DriverContract.WATCHED_DEVICE_STATES.contains(target.wire()) ? ""
        : ", power_state = 'unknown', power_since = NULL";
  }

  /** The device's instance is gone: it goes back on the shelf, free for the next one. */
  public Future<Boolean> free(String id, String instanceId) {
    return update(pool(), "UPDATE devices SET state = ?, state_reason = NULL, instance_id = NULL, updated_at = ?, "
            + "version = version + 1 WHERE id = ? AND alive = 1 AND state = ? AND instance_id = ?",
        Tuple.of(DeviceState.READY.wire(), Rows.now(), id, DeviceState.IN_USE.wire(), instanceId))
        .map(changed -> changed == 1);
  }

  /** Records how a hardware collection ended ({@code collected} or {@code failed}, with the reason). */
  public Future<Void> collected(String id, boolean ok, String error) {
    return update(pool(), "UPDATE devices SET collect_status = ?, collect_error = ?, updated_at = ?, version = version + 1 "
        + "WHERE id = ?", Tuple.of(ok ? "collected" : "failed", error, Rows.now(), id)).mapEmpty();
  }

  /**
   * Writes what a LiveOS inventory found back to the device, in one transaction: vendor, model,
   * architecture and boot mode; the disks (replacing the last collection's); each known NIC's
   * speed and, where LLDP saw one, its switch and port; NICs the device did not list yet are added
   * (as {@code lan}) unless their MAC belongs to another device. Marks the collection done.
   */
  public Future<Void> recordInventory(String id, JsonObject inventory) {
    JsonArray disks = inventory.getJsonArray("disks", new JsonArray());
    JsonArray nics = inventory.getJsonArray("nics", new JsonArray());
    // Only these MACs and this device's own NICs decide ownership and the next index; reading
    // every NIC of the platform cost a full scan per collection.
    List<String> reportedMacs = nics.stream().map(o -> ((JsonObject) o).getString("mac", "").toLowerCase(java.util.Locale.ROOT))
        .filter(mac -> !mac.isEmpty()).distinct().toList();
    var now = Rows.now();
    return database.inTransactionRetrying(tx -> update(tx, "UPDATE devices SET brand = COALESCE(?, brand), model = COALESCE(?, model), "
            + "architecture = COALESCE(?, architecture), boot_mode = COALESCE(?, boot_mode), collect_status = ?, "
            + "collect_error = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
        Tuple.of(inventory.getString("vendor"), inventory.getString("model"), inventory.getString("architecture"),
            inventory.getString("bootMode"), "collected", now, id))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(notFound(id)))
        // The last collection's disks, deleted by primary key after a plain read: a DELETE by device_id
        // takes InnoDB's gap locks beside the neighbouring device's disks, and collections ending
        // together then deadlocked on each other's inserts (as agent tokens and partitions did).
        .compose(v -> list(tx, "SELECT id FROM device_disks WHERE device_id = ?", Tuple.of(id), r -> r.getString("id")))
        .compose(old -> old.isEmpty() ? Future.succeededFuture()
            : update(tx, "DELETE FROM device_disks WHERE id IN (" + Where.placeholders(old.size()) + ")",
                Tuple.from(new ArrayList<Object>(old))))
        .compose(v -> {
          if (disks.isEmpty()) {
            return Future.succeededFuture();
          }
          List<Tuple> rows = new ArrayList<>();
          for (Object o : disks) {
            JsonObject d = (JsonObject) o;
            rows.add(Tuple.from(new Object[] {Ids.next("disk"), id, d.getString("name"), d.getString("path"),
                d.getString("serial"), d.getLong("sizeBytes", 0L), upper(d.getString("type")),
                upper(d.getString("interface"))}));
          }
          return tx.preparedQuery("INSERT INTO device_disks (id, device_id, name, device_path, serial_number, size_bytes, "
              + "disk_type, interface_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").executeBatch(rows).mapEmpty();
        })
        .compose(v -> tx.preparedQuery("SELECT mac, device_id, nic_index FROM device_interfaces WHERE alive = 1 AND ("
                + "device_id = ?" + (reportedMacs.isEmpty() ? "" : " OR mac IN (" + Where.placeholders(reportedMacs.size()) + ")")
                + ")")
            .execute(Tuple.from(reportedMacsWith(id, reportedMacs))).map(rows -> {
              Map<String, String> owners = new HashMap<>();
              int last = -1;
              for (Row row : rows) {
                owners.put(row.getString("mac"), row.getString("device_id"));
                if (id.equals(row.getString("device_id"))) {
                  last = Math.max(last, row.getInteger("nic_index"));
                }
              }
              return Map.entry(owners, last);
            }))
        .compose(known -> {
          Future<Void> chain = Future.succeededFuture();
          int next = known.getValue() + 1;
          for (Object o : nics) {
            JsonObject nic = (JsonObject) o;
            String mac = nic.getString("mac", "").toLowerCase(java.util.Locale.ROOT);
            JsonObject lldp = nic.getJsonObject("lldp", new JsonObject());
            String owner = known.getKey().get(mac);
            if (id.equals(owner)) {
              chain = chain.compose(x -> tx.preparedQuery("UPDATE device_interfaces SET speed_mbps = ?, "
                  + "switch_ip = COALESCE(?, switch_ip), switch_port = COALESCE(?, switch_port) "
                  + "WHERE device_id = ? AND mac = ? AND alive = 1").execute(Tuple.of(nic.getInteger("speedMbps"),
                  lldp.getString("switchIp"), lldp.getString("switchPort"), id, mac)).mapEmpty());
            } else if (owner == null && mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
              int index = next++;
              chain = chain.compose(x -> tx.preparedQuery("INSERT INTO device_interfaces (id, device_id, name, mac, role, "
                  + "nic_index, switch_ip, switch_port, speed_mbps) VALUES (?, ?, ?, ?, 'lan', ?, ?, ?, ?)")
                  .execute(Tuple.from(new Object[] {Ids.next("nic"), id, nic.getString("name", "nic" + index), mac, index,
                      lldp.getString("switchIp"), lldp.getString("switchPort"), nic.getInteger("speedMbps")})).mapEmpty());
            }
          }
          return chain.compose(x -> summariseInterfaces(tx, id));
        }), 3);
  }

  private static List<Object> reportedMacsWith(String id, List<String> macs) {
    List<Object> args = new ArrayList<>(macs.size() + 1);
    args.add(id);
    args.addAll(macs);
    return args;
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
  }

  private static BmpException explainRefusal(String id, int expectedVersion, DeviceState target, Optional<Device> current) {
    if (current.isEmpty()) {
      return notFound(id);
    }
    if (current.get().version() != expectedVersion) {
      return versionConflict(id);
    }
    return BmpException.localized(ErrorCode.INVALID_STATE, "error.deviceState",
        "device " + id + " is " + current.get().state().wire() + " and cannot become " + target.wire(),
        id, current.get().state().wire(), target.wire());
  }

  /**
   * Devices from rows of {@link #READ_COLUMNS}, their NICs from the rows' summaries; only rows
   * without one (written before migration V5) cost a query of device_interfaces.
   */
  private Future<List<Device>> withInterfaces(List<Row> rows) {
    List<String> unsummarised = rows.stream().filter(r -> r.getValue(SUMMARY_POSITION) == null).map(r -> r.getString(0)).toList();
    return interfacesOf(unsummarised).map(fromTable -> rows.stream().map(r -> {
      String summary = Rows.text(r, SUMMARY_POSITION);
      return map(r, summary != null ? InterfaceSummary.decode(summary) : fromTable.getOrDefault(r.getString(0), List.of()));
    }).toList());
  }

  /** Rewrites a device's NIC summary from device_interfaces, inside the transaction that changed them. */
  private Future<Void> summariseInterfaces(SqlClient tx, String deviceId) {
    return list(tx, "SELECT name, mac, role, nic_index, switch_ip, switch_port FROM device_interfaces "
            + "WHERE device_id = ? AND alive = 1", Tuple.of(deviceId),
        DeviceRepository::nicOf)
        .compose(nics -> update(tx, "UPDATE devices SET interfaces_json = ? WHERE id = ?",
            Tuple.of(InterfaceSummary.encode(nics), deviceId)))
        .mapEmpty();
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
            byDevice.computeIfAbsent(row.getString("device_id"), k -> new ArrayList<>()).add(nicOf(row));
          }
          return byDevice;
        });
  }

  private static NetworkInterface nicOf(Row row) {
    return new NetworkInterface(row.getString("name"), row.getString("mac"), row.getString("role"),
        Rows.integer(row, "nic_index"), row.getString("switch_ip"), row.getString("switch_port"));
  }

  /**
   * A device from a row of {@link #READ_COLUMNS}, read by position: a page maps
   * 20 rows of 24 columns, and a lookup by name scans the column list each time (a seventh of the
   * device list's CPU in a profile).
   */
  private static Device map(Row row, List<NetworkInterface> nics) {
    return new Device(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        DeviceState.fromWire(row.getString(4)), row.getString(5), row.getString(SUMMARY_POSITION + 1),
        Rows.instant(row, SUMMARY_POSITION + 2), row.getString(6), row.getString(7),
        row.getString(8), row.getString(9), Rows.integer(row, 10), row.getString(11), row.getString(12),
        row.getString(13), row.getString(14), row.getString(15), row.getString(16), row.getString(17),
        row.getString(18), nics, Rows.instant(row, 19), Rows.instant(row, 20), Rows.integer(row, 21));
  }
}
