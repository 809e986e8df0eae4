package io.bmp.tftp;

import io.bmp.protocols.tftp.TftpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;

/** RFC 764 netascii for the rare client that asks for it: LF becomes CR LF, a bare CR becomes CR NUL. */
final class Netascii {

  /** Text files for netascii are boot menus and configs; anything larger is refused. */
  static final long LIMIT = 16L << 20;

  private Netascii() {}

  static Future<BlockSource> convert(Vertx vertx, BlockSource source) {
    if (source.size() > LIMIT) {
      source.close();
      return Future.failedFuture(new TftpRefusal(TftpError.ILLEGAL_OPERATION,
          "netascii is served for files up to 16 MiB; ask for octet"));
    }
    return source.ensure(0, source.size()).map(v -> {
      byte[] raw = new byte[(int) source.size()];
      source.copy(0, raw.length, raw, 0);
      source.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 16);
      for (byte b : raw) {
        if (b == '\n') {
          out.write('\r');
          out.write('\n');
        } else if (b == '\r') {
          out.write('\r');
          out.write(0);
        } else {
          out.write(b);
        }
      }
      return BlockSource.of(out.toByteArray());
    });
  }
}
