package io.bmp.core.repo;

import io.bmp.core.domain.DeviceState;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.Partition;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.HeldByOthers;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Instances, their partitions and SSH keys, and the allocation of devices to them. A device
 * carries at most one live instance: allocation moves it from {@code ready} to {@code in_use} in
 * an UPDATE that checks its state, and the database's unique key on the live instance's device
 * refuses any double allocation that would still slip through.
 */
public final class InstanceRepository extends Repository {

  private static final String COLUMNS = "id, project_id, user_id, room_id, device_id, device_type_id, image_id, name, "
      + "hostname, status, status_reason, locked, boot_mode, system_raid_id, description, secret_enc, user_data, "
      + "created_at, updated_at, version, data_raid_id";
  private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at",
      "status", "status", "hostname", "hostname");

  /** What an instance list may be narrowed to; {@code visibleTo} null means every project. */
  public record Filter(String visibleTo, String projectId, Set<InstanceStatus> statuses, String nameContains, String roomId) {}

  public InstanceRepository(Database database) {
    super(database, Map.of(
        "uk_instances_device", "the device already carries an instance",
        "fk_instances_raid", "unknown RAID level",
        "fk_instance_keys_key", "unknown SSH key"));
  }

  /**
   * Takes one free device of the type in the room for each instance, in the caller's transaction.
   * The free devices are read with {@code FOR UPDATE SKIP LOCKED}: concurrent allocations lock
   * different devices instead of queueing on (or giving up over) the same first ones, and a
   * device another allocation holds is not offered twice. Fails {@code INSUFFICIENT_STOCK} when
   * fewer free devices than instances are left, and {@link HeldByOthers} (run it again) when
   * enough are free but some are locked by allocations still in flight: those may yet roll back
   * (a deadlock elsewhere in their transaction), and skipping their devices for good would refuse
   * a request the stock can serve.
   */
  public Future<List<String>> allocate(SqlClient tx, String roomId, String deviceTypeId, List<String> instanceIds) {
    int count = instanceIds.size();
    String ready = DeviceState.READY.wire();
    return list(tx, "SELECT id FROM devices WHERE room_id = ? AND device_type_id = ? AND state = ? AND alive = 1 "
            + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", Tuple.of(roomId, deviceTypeId, ready, count), r -> r.getString("id"))
        .compose(unlocked -> {
          if (unlocked.size() >= count) {
            return take(tx, unlocked, 0, instanceIds);
          }
          // A plain read: counts the free devices other allocations hold locked too.
          return count(tx, "SELECT COUNT(*) FROM devices WHERE room_id = ? AND device_type_id = ? AND state = ? "
              + "AND alive = 1", Tuple.of(roomId, deviceTypeId, ready))
              .compose(free -> {
                BmpException insufficient = BmpException.localized(ErrorCode.INSUFFICIENT_STOCK, "error.insufficientStock",
                    "only " + unlocked.size() + " free devices of this type; " + count + " asked for", unlocked.size(), count);
                return Future.failedFuture(free >= count ? new HeldByOthers(insufficient) : insufficient);
              });
        });
  }

  private Future<List<String>> take(SqlClient tx, List<String> devices, int next, List<String> instanceIds) {
    if (next == devices.size()) {
      return Future.succeededFuture(devices);
    }
    return update(tx, "UPDATE devices SET state = ?, instance_id = ?, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND state = ? AND alive = 1",
        Tuple.of(DeviceState.IN_USE.wire(), instanceIds.get(next), Rows.now(), devices.get(next), DeviceState.READY.wire()))
        .compose(changed -> changed == 1 ? take(tx, devices, next + 1, instanceIds)
            : Future.failedFuture(new BmpException(ErrorCode.INTERNAL, "a locked free device changed under its lock")));
  }

  /** Inserts instances with their partitions and SSH keys, in the caller's transaction. */
  public Future<Void> insert(SqlClient tx, List<Instance> instances) {
    var now = Rows.now();
    List<Tuple> rows = new ArrayList<>();
    List<Tuple> partitions = new ArrayList<>();
    List<Tuple> keys = new ArrayList<>();
    for (Instance i : instances) {
      rows.add(Tuple.from(new Object[] {i.id(), i.projectId(), i.userId(), i.roomId(), i.deviceId(), i.deviceTypeId(),
          i.imageId(), i.name(), i.hostname(), i.status().wire(), i.statusReason(), i.locked(), i.bootMode(),
          i.systemRaidId(), i.description(), i.secretEnc(), i.userData(), now, now, i.dataRaidId()}));
      for (int n = 0; n < i.partitions().size(); n++) {
        Partition p = i.partitions().get(n);
        partitions.add(Tuple.from(new Object[] {io.bmp.core.storage.Ids.next("ipt"), i.id(), n, p.mountPoint(),
            p.fsType(), p.sizeMb(), p.label(), p.volume()}));
      }
      i.sshKeyIds().forEach(k -> keys.add(Tuple.of(i.id(), k)));
    }
    return tx.preparedQuery("INSERT INTO instances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")
        .executeBatch(rows)
        .compose(r -> partitions.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "INSERT INTO instance_partitions (id, instance_id, ordinal, mount_point, fs_type, size_mb, label, volume_type) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)").executeBatch(partitions))
        .compose(r -> keys.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "INSERT INTO instance_ssh_keys (instance_id, ssh_key_id) VALUES (?, ?)").executeBatch(keys))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(io.bmp.core.storage.SqlErrors.map(failure, Map.of(
            "uk_instances_device", "the device already carries an instance"))));
  }

  public Future<Optional<Instance>> find(String id) {
    return one(pool(), "SELECT " + COLUMNS + " FROM instances WHERE id = ? AND alive = 1", Tuple.of(id), r -> r)
        .compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.<Instance>empty())
            : details(List.of(id)).map(d -> Optional.of(map(row.get(), d))));
  }

  public Future<Page<Instance>> page(Filter filter, PageRequest page, String sort) {
    Where where = new Where("alive = 1").eq("project_id", filter.projectId()).contains("name", filter.nameContains())
        .eq("room_id", filter.roomId())
        .in("status", filter.statuses() == null ? null : filter.statuses().stream().map(InstanceStatus::wire).toList());
    if (filter.visibleTo() != null) {
      where.and("project_id IN (SELECT id FROM projects WHERE owner_id = ? AND alive = 1 "
          + "UNION SELECT project_id FROM project_shares WHERE user_id = ?)", filter.visibleTo(), filter.visibleTo());
    }
    Future<Long> total = listTotal("SELECT COUNT(*) FROM instances" + where.sql(), where.args());
    Future<List<Row>> rows = list(pool(), "SELECT " + COLUMNS + " FROM instances" + where.sql()
        + Sort.orderBy(sort, SORTABLE, "created_at DESC") + " LIMIT ? OFFSET ?", where.argsWithPage(page), r -> r);
    return Future.all(total, rows).compose(v -> {
      List<String> ids = rows.result().stream().map(r -> r.getString("id")).toList();
      return details(ids).map(d -> new Page<>(rows.result().stream().map(r -> map(r, d)).toList(), total.result(),
          page.pageNumber(), page.pageSize()));
    });
  }

  /**
   * Moves an instance to {@code target} if it is in one of {@code from} and not locked, in the
   * caller's transaction; fails {@code INVALID_STATE} otherwise (naming where it is).
   */
  public Future<Void> transition(SqlClient tx, String id, Set<InstanceStatus> from, InstanceStatus target, String reason) {
    List<Object> args = new ArrayList<>(List.of(target.wire()));
    args.add(reason);
    args.add(Rows.now());
    args.add(id);
    from.forEach(s -> args.add(s.wire()));
    return update(tx, "UPDATE instances SET status = ?, status_reason = ?, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND alive = 1 AND locked = FALSE AND status IN (" + Where.placeholders(from.size()) + ")",
        Tuple.from(args))
        .compose(changed -> changed == 1 ? Future.<Void>succeededFuture()
            : one(tx, "SELECT status, locked FROM instances WHERE id = ? AND alive = 1", Tuple.of(id), r -> r)
                .compose(row -> Future.failedFuture(row.isEmpty() ? notFound(id)
                    : Rows.bool(row.get(), "locked")
                        ? BmpException.localized(ErrorCode.INVALID_STATE, "error.instanceLocked",
                            "instance " + id + " is locked; unlock it first", id)
                        : BmpException.localized(ErrorCode.INVALID_STATE, "error.instanceState",
                            "instance " + id + " is " + row.get().getString("status") + "; this needs it "
                                + from.stream().map(InstanceStatus::wire).sorted().toList(),
                            id, row.get().getString("status"),
                            String.join(", ", from.stream().map(InstanceStatus::wire).sorted().toList())))));
  }

  /**
   * The end of a task sets the instance's status whatever its lock (a lock stops tenants' actions,
   * not the task already under way). {@code consumeSecret} drops the install password once the
   * install has used it.
   */
  public Future<Void> settle(String id, InstanceStatus target, String reason, boolean consumeSecret) {
    return update(pool(), "UPDATE instances SET status = ?, status_reason = ?, updated_at = ?, version = version + 1"
            + (consumeSecret ? ", secret_enc = NULL" : "") + " WHERE id = ? AND alive = 1",
        Tuple.of(target.wire(), reason, Rows.now(), id)).mapEmpty();
  }

  /**
   * A reinstall finished: the instance is running what was installed (image, boot mode, host
   * name, system-disk layout, SSH keys), and the install secret is consumed.
   *
   * <p>The layout and keys are changed row by row, by primary key, after a plain read: deleting an
   * instance's rows by {@code instance_id} then inserting new ones took InnoDB's gap locks beside
   * the neighbouring instance's rows, and 200 reinstalls ending together on MariaDB deadlocked
   * (ReinstalledTest: every try of 30 at once). A transaction that still loses a deadlock runs again.
   */
  public Future<Void> reinstalled(String id, String imageId, String bootMode, String hostname, List<Partition> partitions,
      List<String> sshKeyIds) {
    return database.inTransactionRetrying(tx -> update(tx, "UPDATE instances SET status = ?, status_reason = NULL, "
            + "image_id = ?, boot_mode = ?, hostname = ?, secret_enc = NULL, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND alive = 1",
        Tuple.of(InstanceStatus.RUNNING.wire(), imageId, bootMode, hostname, Rows.now(), id))
        .compose(n -> n == 0 ? Future.succeededFuture()
            : replacePartitions(tx, id, partitions).compose(v -> replaceKeys(tx, id, sshKeyIds)))
        .mapEmpty(), 3);
  }

  /** Rewrites the rows whose ordinal stays, adds the new ordinals, deletes the ordinals gone. */
  private Future<Void> replacePartitions(SqlClient tx, String id, List<Partition> partitions) {
    record Stored(String rowId, Partition partition) {}
    return list(tx, "SELECT id, mount_point, fs_type, size_mb, label, volume_type FROM instance_partitions "
            + "WHERE instance_id = ? ORDER BY ordinal", Tuple.of(id), r -> new Stored(r.getString("id"), partition(r)))
        .compose(stored -> {
          Future<Void> chain = Future.succeededFuture();
          for (int n = 0; n < Math.max(stored.size(), partitions.size()); n++) {
            int ordinal = n;
            if (n >= partitions.size()) {
              chain = chain.compose(v -> update(tx, "DELETE FROM instance_partitions WHERE id = ?",
                  Tuple.of(stored.get(ordinal).rowId())).mapEmpty());
              continue;
            }
            Partition p = partitions.get(n);
            if (n >= stored.size()) {
              chain = chain.compose(v -> update(tx, "INSERT INTO instance_partitions (id, instance_id, ordinal, mount_point, "
                  + "fs_type, size_mb, label, volume_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Tuple.from(new Object[] {
                      io.bmp.core.storage.Ids.next("ipt"), id, ordinal, p.mountPoint(), p.fsType(), p.sizeMb(), p.label(),
                      p.volume()}))
                  .mapEmpty());
            } else if (!stored.get(n).partition().equals(p)) {
              chain = chain.compose(v -> update(tx, "UPDATE instance_partitions SET mount_point = ?, fs_type = ?, size_mb = ?, "
                  + "label = ?, volume_type = ? WHERE id = ?", Tuple.of(p.mountPoint(), p.fsType(), p.sizeMb(), p.label(),
                      p.volume(), stored.get(ordinal).rowId())).mapEmpty());
            }
          }
          return chain;
        });
  }

  /** Deletes the keys no longer wanted (each by its primary key) and adds the new ones. */
  private Future<Void> replaceKeys(SqlClient tx, String id, List<String> sshKeyIds) {
    return list(tx, "SELECT ssh_key_id FROM instance_ssh_keys WHERE instance_id = ?", Tuple.of(id),
            r -> r.getString("ssh_key_id"))
        .compose(current -> {
          Future<Void> chain = Future.succeededFuture();
          for (String gone : current) {
            if (!sshKeyIds.contains(gone)) {
              chain = chain.compose(v -> update(tx, "DELETE FROM instance_ssh_keys WHERE instance_id = ? AND ssh_key_id = ?",
                  Tuple.of(id, gone)).mapEmpty());
            }
          }
          for (String added : new LinkedHashSet<>(sshKeyIds)) {
            if (!current.contains(added)) {
              chain = chain.compose(v -> update(tx, "INSERT INTO instance_ssh_keys (instance_id, ssh_key_id) VALUES (?, ?)",
                  Tuple.of(id, added)).mapEmpty());
            }
          }
          return chain;
        });
  }

  /** A deleted instance: no longer alive, its name, hostname and device free for others. */
  public Future<Void> retire(String id) {
    var now = Rows.now();
    return update(pool(), "UPDATE instances SET alive = NULL, deleted_at = ?, secret_enc = NULL, updated_at = ?, "
        + "version = version + 1 WHERE id = ? AND alive = 1", Tuple.of(now, now, id)).mapEmpty();
  }

  /** Replaces the install secret (encrypted) for the next install task; null forgets it. */
  public Future<Void> setSecret(SqlClient tx, String id, String secretEnc) {
    return update(tx, "UPDATE instances SET secret_enc = ? WHERE id = ?", Tuple.of(secretEnc, id)).mapEmpty();
  }

  public Future<Instance> rename(String id, int expectedVersion, String name, String description) {
    return update(pool(), "UPDATE instances SET name = COALESCE(?, name), description = COALESCE(?, description), "
            + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND alive = 1",
        Tuple.of(name, description, Rows.now(), id, expectedVersion))
        .compose(changed -> changed == 1 ? get(id) : find(id).compose(found -> Future.failedFuture(found.isEmpty()
            ? notFound(id) : BmpException.localized(ErrorCode.VERSION_CONFLICT, "error.versionConflict",
                "instance " + id + " was changed by someone else; reload and retry", "noun.instance", id))));
  }

  public Future<Instance> setLocked(String id, boolean locked) {
    return update(pool(), "UPDATE instances SET locked = ?, updated_at = ?, version = version + 1 WHERE id = ? AND alive = 1",
        Tuple.of(locked, Rows.now(), id))
        .compose(changed -> changed == 1 ? get(id) : Future.failedFuture(notFound(id)));
  }

  public Future<Void> moveTo(Collection<String> ids, String projectId) {
    List<Object> args = new ArrayList<>(List.of(projectId, Rows.now()));
    args.addAll(ids);
    return update(pool(), "UPDATE instances SET project_id = ?, updated_at = ?, version = version + 1 "
        + "WHERE alive = 1 AND id IN (" + Where.placeholders(ids.size()) + ")", Tuple.from(args)).mapEmpty();
  }

  public Future<Instance> get(String id) {
    return find(id).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  static BmpException notFound(String id) {
    return CatalogRepository.notFound("noun.instance", id);
  }

  private record Details(Map<String, List<Partition>> partitions, Map<String, List<String>> keys) {}

  private Future<Details> details(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(new Details(Map.of(), Map.of()));
    }
    Tuple args = Tuple.from(new ArrayList<Object>(ids));
    Future<List<Row>> parts = list(pool(), "SELECT instance_id, mount_point, fs_type, size_mb, label, volume_type FROM instance_partitions "
        + "WHERE instance_id IN (" + Where.placeholders(ids.size()) + ") ORDER BY instance_id, ordinal", args, r -> r);
    Future<List<Row>> keys = list(pool(), "SELECT instance_id, ssh_key_id FROM instance_ssh_keys WHERE instance_id IN ("
        + Where.placeholders(ids.size()) + ") ORDER BY instance_id, ssh_key_id", args, r -> r);
    return Future.all(parts, keys).map(v -> {
      Map<String, List<Partition>> p = new HashMap<>();
      parts.result().forEach(r -> p.computeIfAbsent(r.getString("instance_id"), k -> new ArrayList<>())
          .add(partition(r)));
      Map<String, List<String>> k = new HashMap<>();
      keys.result().forEach(r -> k.computeIfAbsent(r.getString("instance_id"), x -> new ArrayList<>()).add(r.getString("ssh_key_id")));
      return new Details(p, k);
    });
  }

  /** A partition from a row of instance_partitions or partition_templates. */
  static Partition partition(Row r) {
    return new Partition(r.getString("mount_point"), r.getString("fs_type"), Rows.longValue(r, "size_mb"),
        r.getString("label"), r.getString("volume_type"));
  }

  private static Instance map(Row r, Details d) {
    String id = r.getString("id");
    return new Instance(id, r.getString("project_id"), r.getString("user_id"), r.getString("room_id"),
        r.getString("device_id"), r.getString("device_type_id"), r.getString("image_id"), r.getString("name"),
        r.getString("hostname"), InstanceStatus.fromWire(r.getString("status")), r.getString("status_reason"),
        Rows.bool(r, "locked"), r.getString("boot_mode"), r.getString("system_raid_id"), r.getString("data_raid_id"),
        r.getString("description"),
        r.getString("secret_enc"), Rows.text(r, "user_data"), d.partitions().getOrDefault(id, List.of()),
        d.keys().getOrDefault(id, List.of()), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"),
        Rows.integer(r, "version"));
  }
}
