package io.bmp.api.handlers;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.HashingStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * Sends an image upload on to the image origin's {@code PUT} (api config {@code imageOrigin}), for
 * a central whose origin runs on another host than the api. The caller's body is piped, with
 * back-pressure, straight into the origin's request (never into the api's memory or disk) while
 * the api hashes it too, so that a wrong hash is told in the caller's language with the hash the
 * bytes have. The origin stores it the way the api's own store would (hidden temporary file,
 * checked against the declared SHA-256, one rename): a refused or cut upload leaves nothing
 * visible there either; when the caller goes away mid-body the origin's request is reset.
 */
final class OriginUpload {

  /** What reached the origin, whole: its size and hash (the origin kept it if the hash is the declared one). */
  record Sent(long bytes, String sha256) {}

  // Created in the api verticle's start, so closed with it.
  private final HttpClient client;
  private final URI origin;
  private final String token;
  private final long maxBytes;

  OriginUpload(Vertx vertx, URI origin, String token, long maxBytes) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    this.origin = origin;
    this.token = token;
    this.maxBytes = maxBytes;
  }

  /**
   * The origin's URL, which must be {@code http://} with a host. The token, the origin's {@code
   * uploadToken}, must be set too: an origin takes no uploads without one.
   */
  static URI checkedOrigin(String origin, String token) {
    if (token == null || token.isBlank()) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "api: imageOrigin is set but imageOriginToken is not");
    }
    URI uri;
    try {
      uri = URI.create(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "api: imageOrigin must be an http:// URL with a host, not " + origin);
    }
    return uri;
  }

  /**
   * Streams {@code body} to the origin as {@code <path>} declared to have {@code sha256}. Succeeds
   * when the body arrived whole, whether the origin kept it or refused it for a hash other than
   * the declared one. Fails {@code PAYLOAD_TOO_LARGE} past the api's limit, {@code
   * MALFORMED_REQUEST} when the caller went away, {@code COMPONENT_UNAVAILABLE} when the origin
   * cannot be reached, and {@code STORAGE_FULL} or {@code UPSTREAM_FAILED} when it refuses.
   */
  Future<Sent> send(HttpServerRequest body, String path, String sha256, Future<Void> callerGone) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT)
        .setAbsoluteURI(origin + "/" + path)
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .putHeader("X-Checksum-Sha256", sha256);
    return client.request(options)
        .recover(failure -> Future.failedFuture(new BmpException(ErrorCode.COMPONENT_UNAVAILABLE,
            "the image origin " + origin + " cannot be reached: " + failure.getMessage())))
        .compose(request -> pipe(body, request, callerGone));
  }

  /**
   * Takes back a file the origin kept ({@code DELETE} with the same token), for an upload whose
   * image could not be registered. A file the origin does not have is no failure.
   */
  Future<Void> delete(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(origin + "/" + path)
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).setIdleTimeout(30_000);
    return client.request(options)
        .compose(HttpClientRequest::send)
        .compose(response -> response.body().compose(text -> response.statusCode() == 204 || response.statusCode() == 404
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new BmpException(ErrorCode.UPSTREAM_FAILED, "the image origin refused to delete " + path
                + " (HTTP " + response.statusCode() + ")"))));
  }

  private Future<Sent> pipe(HttpServerRequest body, HttpClientRequest request, Future<Void> callerGone) {
    String length = body.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      request.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      request.setChunked(true);
    }
    HashingStream sink = new HashingStream(request, maxBytes);
    Promise<Void> piped = Promise.promise();
    callerGone.onComplete(x -> piped.tryFail("the caller went away before the end"));
    // The origin may answer before the body is through (a wrong token, no room) or drop the
    // connection: either ends the pipe, which would otherwise wait for a drain that never comes.
    Future<Answer> answer = request.response()
        .compose(response -> response.body().map(text -> new Answer(response.statusCode(), text)));
    answer.onComplete(a -> {
      if (a.failed() || a.result().status() != 201) {
        piped.tryFail("the image origin answered before the end");
      }
    });
    // Not ended on failure: a cut body must reach the origin as a reset, not as a short whole one.
    body.pipe().endOnFailure(false).to(sink).onComplete(piped);
    return piped.future().transform(done -> {
      if (done.failed()) {
        request.reset();
        if (sink.tooLarge() != null) {
          return Future.failedFuture(BmpException.localized(ErrorCode.PAYLOAD_TOO_LARGE, "error.payloadTooLarge",
              "the request body is larger than " + maxBytes + " bytes", maxBytes));
        }
        if (!answer.isComplete()) {
          return Future.failedFuture(new BmpException(ErrorCode.MALFORMED_REQUEST, "the upload was interrupted"));
        }
      }
      String hash = done.succeeded() ? sink.hex() : null;
      return answer.map(a -> verdict(a.status(), a.text(), sink.bytes(), hash))
          .recover(failure -> Future.failedFuture(failure instanceof BmpException ? failure
              : new BmpException(ErrorCode.UPSTREAM_FAILED, "the image origin " + origin + " did not answer the upload: "
                  + failure.getMessage())));
    });
  }

  private record Answer(int status, Buffer text) {}

  /** {@code hash} is null when the origin answered before the whole body was through. */
  private Sent verdict(int status, Buffer text, long bytes, String hash) {
    JsonObject answer;
    try {
      answer = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      answer = new JsonObject();
    }
    if (hash != null && status == 201 && hash.equals(answer.getString("sha256"))
        && Long.valueOf(bytes).equals(answer.getLong("bytes"))) {
      return new Sent(bytes, hash);
    }
    String code = answer.getString("code", "");
    if (hash != null && "CHECKSUM_MISMATCH".equals(code)) {
      return new Sent(bytes, hash);
    }
    if ("STORAGE_FULL".equals(code)) {
      throw new BmpException(ErrorCode.STORAGE_FULL, "the image origin has no room for " + bytes + " bytes");
    }
    throw new BmpException(ErrorCode.UPSTREAM_FAILED, "the image origin " + origin + " refused the upload (HTTP " + status
        + (code.isEmpty() ? "" : ", " + code) + "): " + answer.getString("message", "no reason given"));
  }
}
