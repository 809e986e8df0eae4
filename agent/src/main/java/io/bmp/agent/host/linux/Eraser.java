package io.bmp.agent.host.linux;

import io.bmp.agent.host.Host;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Erases a disk so nothing of the last tenant's data reads back. First a discard of the whole
 * device (seconds on an SSD, thin volume or loop file), accepted only if 64 sampled MiB, at the ends
 * and scattered between, then read back as zeros (a drive that returns stale data after a discard
 * fails that); otherwise, and on disks that cannot discard, every block is overwritten with zeros.
 */
final class Eraser {

  private static final int CHUNK = 4 << 20;
  private static final int SAMPLES = 64;
  private static final int SAMPLE = 1 << 20;

  private Eraser() {
  }

  /** Returns how the disk was erased: "discard" or "overwrite". */
  static String erase(String disk, long size, boolean tryDiscard, long doneBefore, long total, Host.Progress progress)
      throws IOException {
    Path device = Path.of("/dev/" + disk);
    if (tryDiscard && Tools.attempt(null, Duration.ofMinutes(30), "blkdiscard", "-f", device.toString()).exit() == 0
        && readsZeros(device, size)) {
      progress.report(doneBefore + size, total);
      return "discard";
    }
    overwrite(device, size, doneBefore, total, progress);
    return "overwrite";
  }

  private static void overwrite(Path device, long size, long doneBefore, long total, Host.Progress progress)
      throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE)) {
      long position = 0;
      while (position < size) {
        zeros.clear().limit((int) Math.min(CHUNK, size - position));
        while (zeros.hasRemaining()) {
          position += out.write(zeros, position);
        }
        progress.report(doneBefore + position, total);
      }
      out.force(true);
    }
  }

  static boolean readsZeros(Path device, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(size);
    ByteBuffer sample = ByteBuffer.allocateDirect(SAMPLE);
    try (FileChannel in = FileChannel.open(device, StandardOpenOption.READ)) {
      for (int i = 0; i < SAMPLES; i++) {
        long span = Math.max(0, size - SAMPLE);
        long offset = i == 0 ? 0 : i == 1 ? span : random.nextLong(span + 1) & ~511L;
        sample.clear();
        in.read(sample, offset);
        sample.flip();
        while (sample.remaining() >= 8) {
          if (sample.getLong() != 0) {
            return false;
          }
        }
        while (sample.hasRemaining()) {
          if (sample.get() != 0) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
