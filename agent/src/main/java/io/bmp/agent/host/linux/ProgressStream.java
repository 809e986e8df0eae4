package io.bmp.agent.host.linux;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Calls back after each read, so a copy done by someone else (tar's stdin) still reports progress. */
final class ProgressStream extends FilterInputStream {

  private final Runnable onRead;

  ProgressStream(InputStream in, Runnable onRead) {
    super(in);
    this.onRead = onRead;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    onRead.run();
    return n;
  }
}
