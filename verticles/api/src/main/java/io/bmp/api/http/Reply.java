package io.bmp.api.http;

/**
 * What an operation answers: a status and a JSON body ({@code JsonObject}, {@code JsonArray}, a {@link JsonBody} or
 * null for 204), and the id of the object it acted on, for the audit log.
 */
public record Reply(int status, Object body, String targetId) {

  /** The handler wrote the response itself (an event stream): nothing more is sent. */
  public static final Reply STREAMED = new Reply(200, null, null);

  public static Reply ok(Object body) {
    return new Reply(200, body, null);
  }

  public static Reply created(Object body, String id) {
    return new Reply(201, body, id);
  }

  public static Reply accepted(Object body, String id) {
    return new Reply(202, body, id);
  }

  public static Reply noContent() {
    return new Reply(204, null, null);
  }

  public static Reply noContent(String targetId) {
    return new Reply(204, null, targetId);
  }

  public Reply on(String targetId) {
    return new Reply(status, body, targetId);
  }
}
