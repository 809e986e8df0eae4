package io.bmp.tftp;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The tftp verticle's configuration.
 *
 * <pre>
 * { "host": "0.0.0.0", "port": 69, "root": "&lt;dataDir&gt;/tftp", "maxBlockSize": 65464, "maxWindowSize": 64,
 *   "maxTransfers": 500, "timeoutMillis": 1000, "maxRetries": 5, "cacheBytes": 134217728, "transferLoops": &lt;CPUs&gt;,
 *   "spinMicros": 50 }
 * </pre>
 * {@code root} holds the boot loaders (undionly.kpxe, ipxe.efi…); per-MAC configs are rendered, not
 * stored. Files up to a quarter of {@code cacheBytes} are kept in memory once read, since hundreds of
 * PXE ROMs ask for the same iPXE binary at once; larger ones are read ahead in 1 MiB chunks.
 * {@code transferLoops} is how many event loops the transfers are spread over (by default one per CPU);
 * {@code spinMicros} how long such a loop polls for the next ACK before it sleeps (0: never, and the
 * transfers share Vert.x's event loops; see {@link TransferLoops}).
 */
record TftpSettings(String host, int port, Path root, int maxBlockSize, int maxWindowSize, int maxTransfers,
    int timeoutMillis, int maxRetries, long cacheBytes, int transferLoops,
    int spinMicros) {

  static TftpSettings from(JsonObject config) {
    Path dataDir = Path.of(config.getString("dataDir", "./data"));
    try {
      TftpSettings s = new TftpSettings(config.getString("host", "0.0.0.0"), config.getInteger("port", 69),
          Path.of(config.getString("root", dataDir.resolve("tftp").toString())).toAbsolutePath().normalize(),
          config.getInteger("maxBlockSize", 65464), config.getInteger("maxWindowSize", 64),
          config.getInteger("maxTransfers", 500), config.getInteger("timeoutMillis", 1000),
          config.getInteger("maxRetries", 5), config.getLong("cacheBytes", 128L << 20),
          config.getInteger("transferLoops", Runtime.getRuntime().availableProcessors()),
          config.getInteger("spinMicros", 50));
      if (s.port < 0 || s.port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + s.port);
      }
      if (s.maxBlockSize < 512 || s.maxBlockSize > 65464) {
        throw new IllegalArgumentException("maxBlockSize must be 512..65464, was " + s.maxBlockSize);
      }
      if (s.maxWindowSize < 1 || s.maxWindowSize > 65535) {
        throw new IllegalArgumentException("maxWindowSize must be 1..65535, was " + s.maxWindowSize);
      }
      if (s.transferLoops < 1 || s.transferLoops > 256) {
        throw new IllegalArgumentException("transferLoops must be 1..256, was " + s.transferLoops);
      }
      // Tasks and timers queued while a loop spins wait for the spin's end: it stays short.
      if (s.spinMicros < 0 || s.spinMicros > 1000) {
        throw new IllegalArgumentException("spinMicros must be 0..1000, was " + s.spinMicros);
      }
      if (s.maxTransfers < 1 || s.timeoutMillis < 10 || s.maxRetries < 0 || s.cacheBytes < 0) {
        throw new IllegalArgumentException("maxTransfers, timeoutMillis (≥10), maxRetries and cacheBytes must be positive");
      }
      return s;
    } catch (RuntimeException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "tftp configuration: " + e.getMessage(), e);
    }
  }
}
