package io.bmp.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests. */
public final class Files {

  private Files() {}

  public static void deleteTree(Path root) {
    if (root == null || !java.nio.file.Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = java.nio.file.Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + root, e);
    }
  }
}
