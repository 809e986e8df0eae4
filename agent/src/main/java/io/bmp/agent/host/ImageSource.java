package io.bmp.agent.host;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * An image to install: where it is, its format, its declared SHA-256 and size. {@link #open}
 * streams it: the bytes are hashed as they arrive (over the file as stored, before any
 * decompression) and {@link Stream#verify} checks the hash once the last byte was read, so a
 * corrupt or substituted image is refused without ever being held whole in memory or on disk.
 */
public record ImageSource(String name, String url, String format, String sha256, Long bytes) {

  // HTTP/1.1: one connection per image stream. The JDK's default, HTTP/2 by upgrade, puts every
  // stream of a process on one connection, and a room's image server allows 100 streams on one
  // (found by 200 lab machines writing at once: "too many concurrent streams").
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

  public boolean isTar() {
    return format.startsWith("tar");
  }

  /** The stored file, counted and hashed as it is read, decompressed by the format. */
  public final class Stream implements AutoCloseable {
    private final Counting counting;
    private final InputStream content;

    private Stream(Counting counting, InputStream content) {
      this.counting = counting;
      this.content = content;
    }

    /** The image content (decompressed). */
    public InputStream content() {
      return content;
    }

    /** Bytes of the stored file read so far. */
    public long read() {
      return counting.count;
    }

    /** Drains what is left of the stored file and checks its SHA-256. */
    public void verify() throws IOException {
      counting.transferTo(OutputStreams.NULL);
      String actual = HexFormat.of().formatHex(counting.digest.digest());
      if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
        throw new ImageException("CHECKSUM_MISMATCH", "image " + name + ": SHA-256 of the " + counting.count
            + " bytes received is " + actual + ", not the declared " + sha256.toLowerCase(Locale.ROOT));
      }
    }

    @Override
    public void close() throws IOException {
      content.close();
    }
  }

  public Stream open() throws IOException {
    InputStream raw;
    try {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET()
          .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new ImageException(response.statusCode() == 404 ? "NOT_FOUND" : "UPSTREAM_FAILED",
            "image " + name + ": " + url + " answered HTTP " + response.statusCode());
      }
      raw = response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url, e);
    }
    Counting counting = new Counting(raw);
    return new Stream(counting, decoder(counting));
  }

  private InputStream decoder(InputStream in) throws IOException {
    String compression = format.contains(".") ? format.substring(format.indexOf('.') + 1) : "";
    return switch (compression) {
      case "" -> in;
      case "gz" -> new GZIPInputStream(in, 1 << 16);
      case "xz" -> new XZInputStream(in);
      case "zst" -> new ZstdInputStream(in);
      default -> throw new ImageException("INVALID_ARGUMENT", "image " + name + ": unknown format " + format);
    };
  }

  /** A tar stream over the decompressed content. */
  public static TarArchiveInputStream tar(InputStream content) {
    return new TarArchiveInputStream(content);
  }

  private static final class Counting extends FilterInputStream {
    final MessageDigest digest;
    long count;

    Counting(InputStream in) {
      super(in);
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        digest.update(buffer, offset, n);
        count += n;
      }
      return n;
    }
  }

  private static final class OutputStreams {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
