package io.bmp.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The disk budget of a room's image store: which files it holds, how big they are, when each was
 * last asked for, and which may not be evicted now. When the store grows past its budget, the
 * least recently used files that nobody is downloading and no install has pinned are deleted
 * (with their checksum sidecars) until it fits again.
 *
 * <p>Shared by the image verticle instances of one store, so every method is synchronized; the
 * blocking ones ({@link #scan}, {@link #evict}) run on worker threads. A pin is held by a named
 * holder (a task, say), so two installs of the same image each hold their own.
 */
final class StoreBudget {

  private static final class Entry {
    long size;
    long lastUsed;
    int downloads;
    final java.util.Set<String> pins = new java.util.HashSet<>();

    Entry(long size, long lastUsed) {
      this.size = size;
      this.lastUsed = lastUsed;
    }

    boolean held() {
      return downloads > 0 || !pins.isEmpty();
    }
  }

  private final Path store;
  private final long maxBytes;
  private final Map<Path, Entry> files = new HashMap<>();
  private long total;
  private long clock; // a logical clock: ties in wall time must still order uses

  StoreBudget(Path store, long maxBytes) {
    this.store = store;
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  synchronized long total() {
    return total;
  }

  synchronized boolean holds(Path file) {
    return files.containsKey(file);
  }

  /** Learns what is on disk (worker thread), oldest modification first, as the initial order of use. */
  void scan() throws IOException {
    record Found(Path file, long size, long modified) {}
    List<Found> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(store)) {
      walk.filter(p -> !p.equals(store) && !hidden(store.relativize(p))).forEach(p -> {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            found.add(new Found(p, a.size(), a.lastModifiedTime().toMillis()));
          }
        } catch (IOException gone) {
          // removed while walking
        }
      });
    }
    found.sort(Comparator.comparingLong(Found::modified));
    synchronized (this) {
      for (Found f : found) {
        added(f.file(), f.size());
      }
    }
  }

  static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** A file was placed in the store (pulled, uploaded or replaced). */
  synchronized void added(Path file, long size) {
    Entry old = files.get(file);
    if (old != null) {
      total -= old.size;
      old.size = size;
      old.lastUsed = ++clock;
    } else {
      files.put(file, new Entry(size, ++clock));
    }
    total += size;
  }

  /** A file arrived for {@code holder}, which pins it in the same step: no eviction can come in between. */
  synchronized void addedFor(Path file, long size, String holder) {
    added(file, size);
    pin(file, holder);
  }

  /** A download of the file starts: it is now the most recently used and may not go until it ends. */
  synchronized void downloadStarted(Path file) {
    Entry e = files.get(file);
    if (e != null) {
      e.lastUsed = ++clock;
      e.downloads++;
    }
  }

  synchronized void downloadEnded(Path file) {
    Entry e = files.get(file);
    if (e != null && e.downloads > 0) {
      e.downloads--;
    }
  }

  /** Pins a file for a holder; returns how many holders pin it now (0: the store does not hold it). */
  synchronized int pin(Path file, String holder) {
    Entry e = files.get(file);
    if (e == null) {
      return 0;
    }
    e.pins.add(holder);
    e.lastUsed = ++clock;
    return e.pins.size();
  }

  synchronized int unpin(Path file, String holder) {
    Entry e = files.get(file);
    if (e == null) {
      return 0;
    }
    e.pins.remove(holder);
    return e.pins.size();
  }

  /** What {@link #forget} found. */
  enum Forgotten { REMOVED, HELD, UNKNOWN }

  /**
   * Stops counting a file its owner takes back (a deleted upload), unless a download or an
   * install holds it; the caller deletes it from disk after {@code REMOVED}.
   */
  synchronized Forgotten forget(Path file) {
    Entry e = files.get(file);
    if (e == null) {
      return Forgotten.UNKNOWN;
    }
    if (e.held()) {
      return Forgotten.HELD;
    }
    files.remove(file);
    total -= e.size;
    return Forgotten.REMOVED;
  }

  /** What to delete to fit the budget: least recently used first, never a held file. */
  synchronized List<Path> victims() {
    List<Path> chosen = new ArrayList<>();
    if (total <= maxBytes) {
      return chosen;
    }
    long over = total - maxBytes;
    List<Map.Entry<Path, Entry>> byUse = new ArrayList<>(files.entrySet());
    byUse.sort(Comparator.comparingLong(en -> en.getValue().lastUsed));
    for (Map.Entry<Path, Entry> en : byUse) {
      if (over <= 0) {
        break;
      }
      if (!en.getValue().held() && en.getValue().lastUsed != clock) { // never the file that just came in
        chosen.add(en.getKey());
        over -= en.getValue().size;
      }
    }
    return chosen;
  }

  /** Deletes the victims (worker thread) and forgets them; returns what was deleted. */
  List<Path> evict() throws IOException {
    List<Path> deleted = new ArrayList<>();
    for (Path victim : victims()) {
      synchronized (this) {
        Entry e = files.get(victim);
        if (e == null || e.held()) {
          continue; // taken meanwhile
        }
        files.remove(victim);
        total -= e.size;
      }
      Files.deleteIfExists(victim);
      Files.deleteIfExists(Checksums.sidecar(victim));
      deleted.add(victim);
    }
    return deleted;
  }
}
