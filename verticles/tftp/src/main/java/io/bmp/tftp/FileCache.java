package io.bmp.tftp;

import io.bmp.protocols.tftp.TftpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens files under the root on a worker thread, refusing any whose real path (symlinks followed)
 * leaves the root, and keeps small ones in memory: a room's PXE ROMs all want the same few boot
 * loaders at once. An entry is reused only while the file's size and modification time are unchanged.
 */
final class FileCache {

  private record Entry(long size, long modified, byte[] bytes) {}

  private final Vertx vertx;
  private final Path root;
  private final long capacity;
  private final long maxEntry;
  private final Map<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long held;

  FileCache(Vertx vertx, Path root, long capacity) {
    this.vertx = vertx;
    this.root = root;
    this.capacity = capacity;
    this.maxEntry = capacity / 4;
  }

  Future<BlockSource> open(String relative) {
    return vertx.executeBlocking(() -> openBlocking(relative), false);
  }

  private BlockSource openBlocking(String relative) throws IOException {
    Path real;
    try {
      real = root.resolve(relative).toRealPath();
    } catch (NoSuchFileException e) {
      throw new TftpRefusal(TftpError.FILE_NOT_FOUND, "file not found: " + relative);
    }
    if (!real.startsWith(root.toRealPath())) {
      throw new TftpRefusal(TftpError.ACCESS_VIOLATION, "the path leaves the TFTP root: " + relative);
    }
    BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new TftpRefusal(TftpError.FILE_NOT_FOUND, "not a file: " + relative);
    }
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().toMillis();
    synchronized (this) {
      Entry cached = entries.get(real);
      if (cached != null && cached.size() == size && cached.modified() == modified) {
        return BlockSource.of(cached.bytes());
      }
    }
    if (size <= maxEntry) {
      byte[] bytes = Files.readAllBytes(real);
      synchronized (this) {
        Entry old = entries.put(real, new Entry(bytes.length, modified, bytes));
        held += bytes.length - (old == null ? 0 : old.bytes().length);
        var it = entries.entrySet().iterator();
        while (held > capacity && it.hasNext()) {
          held -= it.next().getValue().bytes().length;
          it.remove();
        }
      }
      return BlockSource.of(bytes);
    }
    return new BlockSource.Chunked(vertx, FileChannel.open(real, StandardOpenOption.READ), size);
  }
}
