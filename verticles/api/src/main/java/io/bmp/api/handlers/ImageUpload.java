package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.http.Call;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.core.domain.Image;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import io.bmp.core.storage.StoreWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/images/upload}: the body is piped (with back-pressure) into a temporary file of
 * the image store while its SHA-256 is computed chunk by chunk; only when every byte arrived and
 * the hash matches is the file moved into place (an atomic rename) and the image registered. An
 * interrupted, oversized or corrupt upload deletes its temporary file: nothing half-uploaded is
 * ever visible. Images are stored as {@code <store>/<imageId>/<fileName>} and registered with the
 * URL {@code store:/<imageId>/<fileName>}, which the image servers resolve.
 *
 * <p>With {@code imageOrigin} set, the body goes on to that image origin's {@code PUT} instead
 * ({@link OriginUpload}), which stores it under the same path by the same rules.
 */
final class ImageUpload {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageUpload.class);

  private static final Set<String> FORMATS = Set.of("raw", "raw.gz", "raw.zst", "tar", "tar.gz", "tar.xz", "tar.zst", "qcow2");
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
  private static final Pattern FILE_NAME = Pattern.compile("^[A-Za-z0-9._-]{1,200}$");
  private static final Pattern BOOT_MODES = Pattern.compile("^(uefi|bios)(,(uefi|bios))?$");

  private final ApiContext api;
  private final Path store;
  private final long maxBytes;
  /** Where uploads go when the origin is not this node's store; null: into {@link #store}. */
  private final OriginUpload origin;

  ImageUpload(ApiContext api, CatalogHandlers.ImageUploads settings) {
    this.api = api;
    this.store = settings.store();
    this.maxBytes = settings.maxBytes();
    this.origin = settings.origin().isBlank() ? null
        : new OriginUpload(api.vertx, OriginUpload.checkedOrigin(settings.origin(), settings.originToken()), settings.originToken(), maxBytes);
  }

  void register(OperationTable table) {
    table.onStreaming("uploadImage", this::upload);
  }

  /**
   * Removes the file an upload stored for an image that is now deleted ({@code
   * store:/<imageId>/<file>}, at the origin or in this node's store), so that its gigabytes are
   * given back. Only files under the image's own directory: a URL registered by hand may name a
   * file other images share. Never fails: a file left behind is logged ({@code IMAGE-FILE-LEFT}).
   */
  Future<Void> discard(Image image) {
    String url = image.url();
    String prefix = "store:/" + image.id() + "/";
    if (url == null || !url.startsWith(prefix) || !FILE_NAME.matcher(url.substring(prefix.length())).matches()) {
      return Future.succeededFuture();
    }
    String path = url.substring("store:/".length());
    Future<Void> gone = origin != null ? origin.delete(path)
        : api.vertx.fileSystem().exists(store.resolve(image.id()).toString()).compose(exists -> exists
            ? api.vertx.fileSystem().deleteRecursive(store.resolve(image.id()).toString()) : Future.succeededFuture());
    return gone.onSuccess(v -> LOG.info("IMAGE-FILE-DELETED image={} file={}", image.id(), path))
        .recover(e -> {
          LOG.warn("IMAGE-FILE-LEFT image={} file={} reason=\"{}\"", image.id(), path, e.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Reply> upload(Call call) {
    HttpServerRequest request = call.context().request();
    String name = required(call, "name", 128);
    String osId = required(call, "osId", 40);
    String format = required(call, "format", 16);
    String bootModes = required(call, "bootModes", 16);
    String sha256 = required(call, "sha256", 64).toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw invalid("format", "one of " + FORMATS);
    }
    if (!BOOT_MODES.matcher(bootModes).matches()) {
      throw invalid("bootModes", "uefi, bios or uefi,bios");
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw invalid("sha256", "64 hexadecimal digits");
    }
    String fileName = call.query("fileName") != null ? call.query("fileName")
        : name.replaceAll("[^A-Za-z0-9._-]", "-") + "." + format;
    if (!FILE_NAME.matcher(fileName).matches()) {
      throw invalid("fileName", "letters, digits, dots, dashes and underscores");
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > maxBytes) {
      throw BmpException.localized(ErrorCode.PAYLOAD_TOO_LARGE, "error.payloadTooLarge",
          "the request body is larger than " + maxBytes + " bytes", maxBytes);
    }
    String imageId = Ids.next("i");
    // A client that drops the connection mid-body does not always fail the pipe: the response's
    // close handler ends the upload either way.
    Promise<Void> closed = Promise.promise();
    call.context().response().closeHandler(c -> closed.tryComplete());
    return api.catalog.findOs(osId)
        .compose(os -> os.isEmpty() ? Future.failedFuture(invalid("osId", "operating system " + osId + " not found"))
            : receive(request, imageId, fileName, sha256, closed.future())
                .compose(received -> {
                  if (!received.sha256().equals(sha256)) {
                    return received.drop().get().transform(x -> Future.failedFuture(BmpException.localized(
                        ErrorCode.INVALID_ARGUMENT, "error.sha256Mismatch",
                        "the uploaded bytes have SHA-256 " + received.sha256() + ", not " + sha256, received.sha256(), sha256)));
                  }
                  return received.keep().get()
                      .compose(v -> api.catalog.createImage(new Image(imageId, name, osId, null, null, os.get().architecture(),
                          Arrays.asList(bootModes.split(",")), format, fileName, "store:/" + imageId + "/" + fileName,
                          received.bytes(), sha256, "user_defined", "available", null, null, 0)))
                      .recover(failure -> received.drop().get().transform(x -> Future.failedFuture(failure)));
                }))
        .map(image -> Reply.created(CatalogViews.image(image), image.id()));
  }

  /**
   * Bytes that arrived whole, with their size and hash, waiting for the verdict: {@code keep} makes
   * the file visible under {@code store:/<imageId>/<fileName>}, {@code drop} leaves nothing of it
   * visible (a kept file too, when registering it failed).
   */
  private record Received(long bytes, String sha256, Supplier<Future<Void>> keep, Supplier<Future<Void>> drop) {}

  private Future<Received> receive(HttpServerRequest request, String imageId, String fileName, String sha256,
      Future<Void> closed) {
    if (origin != null) {
      // The origin keeps a whole upload whose hash matches and refuses any other by itself; a kept
      // file whose image could not be registered is taken back, so that no file is left there
      // that no image names.
      String path = imageId + "/" + fileName;
      return origin.send(request, path, sha256, closed)
          .map(sent -> new Received(sent.bytes(), sent.sha256(), Future::succeededFuture, () -> origin.delete(path)
              .recover(e -> {
                LOG.warn("IMAGE-ORIGIN-ORPHAN file={} reason=\"{}\"", path, e.getMessage());
                return Future.succeededFuture();
              })));
    }
    Path target = store.resolve(imageId).resolve(fileName);
    String directory = target.getParent().toString();
    return StoreWriter.stage(api.vertx, request, target, maxBytes, closed)
        .recover(failure -> api.vertx.fileSystem().deleteRecursive(directory).otherwiseEmpty()
            .transform(x -> Future.failedFuture(failure instanceof StoreWriter.TooLarge
                ? BmpException.localized(ErrorCode.PAYLOAD_TOO_LARGE, "error.payloadTooLarge",
                    "the request body is larger than " + maxBytes + " bytes", maxBytes)
                : new BmpException(ErrorCode.MALFORMED_REQUEST, "the upload was interrupted"))))
        .map(staged -> new Received(staged.bytes, staged.sha256, () -> staged.commit().mapEmpty(),
            () -> staged.discard().transform(x -> api.vertx.fileSystem().deleteRecursive(directory)).otherwiseEmpty()));
  }

  private static String required(Call call, String name, int max) {
    String value = call.query(name);
    if (value == null || value.isBlank()) {
      throw invalid(name, "required");
    }
    if (value.length() > max) {
      throw invalid(name, "at most " + max + " characters");
    }
    return value;
  }

  private static BmpException invalid(String field, String reason) {
    return InstanceCreate.invalid(field, reason);
  }
}
