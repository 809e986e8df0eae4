package io.bmp.core.boot;

import io.bmp.core.contract.DhcpContract.Reservation;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room's own copy of its DHCP reservations and boot specs, shared by the room's dhcp, tftp and
 * image verticles on one node: dhcp writes it (on central's orders), tftp and image read the boot
 * specs to render per-MAC configs.
 *
 * <p>Kept in memory for lookups and written to {@code <dataDir>/rooms/<room>/reservations.json}
 * (mode 0600: boot specs hold one-time agent tokens) before a change is acknowledged, so the room
 * answers after a restart and while central is away. Writes run one at a time on a worker thread
 * and replace the file atomically: a crash leaves the old or the new file, never half of one.
 */
public final class RoomReservations {

  private static final Map<Vertx, Map<String, Future<RoomReservations>>> OPEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Vertx vertx;
  private final String room;
  private final Path file;
  private final Map<String, Reservation> byMac = new ConcurrentHashMap<>();
  private Future<Void> lastWrite = Future.succeededFuture();

  private RoomReservations(Vertx vertx, String room, Path file) {
    this.vertx = vertx;
    this.room = room;
    this.file = file;
  }

  /** The room's book on this node, loaded from disk the first time any verticle asks. */
  public static Future<RoomReservations> open(Vertx vertx, String room, Path dataDir) {
    Map<String, Future<RoomReservations>> rooms = OPEN.computeIfAbsent(vertx, v -> new ConcurrentHashMap<>());
    return rooms.computeIfAbsent(room, r -> {
      RoomReservations book = new RoomReservations(vertx, r, dataDir.resolve("rooms").resolve(r).resolve("reservations.json"));
      return vertx.executeBlocking(() -> {
        book.load();
        return book;
      }, false);
    });
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try {
      JsonArray all = new JsonArray(Files.readString(file, StandardCharsets.UTF_8));
      for (Object o : all) {
        Reservation r = Reservation.fromJson((JsonObject) o);
        byMac.put(r.mac(), r);
      }
    } catch (RuntimeException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "the room's reservation file " + file + " is unreadable: "
          + e.getMessage(), e);
    }
  }

  public String room() {
    return room;
  }

  /** The reservation of a canonical MAC ({@code aa:bb:..}), or empty. */
  public Optional<Reservation> find(String mac) {
    return Optional.ofNullable(byMac.get(mac));
  }

  public List<Reservation> all() {
    List<Reservation> list = new ArrayList<>(byMac.values());
    list.sort(java.util.Comparator.comparing(Reservation::mac));
    return list;
  }

  public int size() {
    return byMac.size();
  }

  /** Adds or replaces; completes when the change is on disk. */
  public Future<Reservation> put(Reservation reservation) {
    byMac.put(reservation.mac(), reservation);
    return persist().map(reservation);
  }

  /** Removes; completes with what was there, once the change is on disk. */
  public Future<Optional<Reservation>> remove(String mac) {
    Reservation removed = byMac.remove(mac);
    return persist().map(Optional.ofNullable(removed));
  }

  /** Writes a snapshot; writes are chained so the file always ends at the latest snapshot. */
  private synchronized Future<Void> persist() {
    JsonArray snapshot = new JsonArray(all().stream().map(Reservation::toJson).toList());
    lastWrite = lastWrite.transform(ignored -> vertx.<Void>executeBlocking(() -> {
      write(snapshot.encode());
      return null;
    }, true)).recover(failure -> Future.failedFuture(new BmpException(ErrorCode.INTERNAL,
        "could not write the room's reservations to " + file + ": " + failure.getMessage(), failure)));
    return lastWrite;
  }

  private void write(String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: the directory's own permissions apply
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
