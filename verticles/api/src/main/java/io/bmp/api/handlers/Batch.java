package io.bmp.api.handlers;

import io.bmp.api.http.Call;
import io.bmp.api.http.I18n;
import io.bmp.core.error.BmpException;
import io.vertx.core.json.JsonObject;

/** One instance's line in a batch answer. */
final class Batch {

  private Batch() {}

  static JsonObject success(String instanceId, String taskId) {
    return new JsonObject().put("instanceId", instanceId).put("ok", true).put("taskId", taskId);
  }

  /** A refusal, in the caller's language; the audit log gets it untranslated, as for a single call. */
  static JsonObject failure(String instanceId, Throwable cause, Call call) {
    BmpException error = BmpException.of(cause);
    call.noteRefusal(instanceId, error.getMessage());
    return new JsonObject().put("instanceId", instanceId).put("ok", false).put("taskId", null)
        .put("error", new JsonObject().put("code", error.code().name()).put("message", I18n.message(call.language(), error)));
  }
}
