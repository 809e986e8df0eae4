package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.auth.Caller;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.core.contract.ApiContract;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The live view of the consoles: {@code GET /v1/events} streams the scheduler's task and step
 * events ({@link ApiContract#EVENTS}) as Server-Sent Events, so that a browser's
 * {@code EventSource} follows an install without polling. A tenant follows one instance it may
 * read; Owner and Operator may follow one device, one instance, or everything.
 *
 * <p>Events are forwarded as they come and never queued for a slow client: a response whose
 * write queue is full drops events (the console reloads the task on reconnect, and each step
 * event carries the step's whole state, so a later event repairs a lost one). A comment line
 * every {@link #HEARTBEAT_MILLIS} keeps proxies from closing an idle stream and tells the server
 * when the browser has gone.
 */
public final class EventHandlers {

  static final long HEARTBEAT_MILLIS = 15_000;
  /** Streams one node holds open at most; each costs a consumer and a timer, never a thread. */
  static final int MAX_STREAMS = 2_000;

  private final ApiContext api;
  private final Tenancy tenancy;
  private final AtomicInteger open = new AtomicInteger();

  public EventHandlers(ApiContext api) {
    this.api = api;
    this.tenancy = new Tenancy(api);
  }

  public void register(OperationTable table) {
    table.on("streamEvents", this::stream);
  }

  private Future<Reply> stream(Call call) {
    Caller caller = call.caller();
    String instanceId = call.query("instanceId");
    String deviceId = call.query("deviceId");
    Future<Predicate<JsonObject>> filter;
    if (caller.role().operates()) {
      filter = Future.succeededFuture(e -> (instanceId == null || instanceId.equals(e.getString("instanceId")))
          && (deviceId == null || deviceId.equals(e.getString("deviceId"))));
    } else if (deviceId != null) {
      filter = Future.failedFuture(BmpException.localized(ErrorCode.PERMISSION_DENIED, "error.roleDenied",
          "your role (User) may not do this", "User"));
    } else if (instanceId == null) {
      filter = Future.failedFuture(InstanceCreate.invalid("instanceId",
          "tenants follow the events of one instance: give instanceId"));
    } else {
      filter = tenancy.readableInstance(caller, instanceId)
          .map(instance -> e -> instance.id().equals(e.getString("instanceId")));
    }
    return filter.compose(accepts -> {
      if (open.incrementAndGet() > MAX_STREAMS) {
        open.decrementAndGet();
        return Future.failedFuture(BmpException.localized(ErrorCode.RATE_LIMITED, "error.tooManyStreams",
            "this node follows " + MAX_STREAMS + " event streams already; try again later", MAX_STREAMS));
      }
      follow(api.vertx, call.context().response(), accepts);
      return Future.succeededFuture(Reply.STREAMED);
    });
  }

  private void follow(Vertx vertx, HttpServerResponse response, Predicate<JsonObject> accepts) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    // Subscribed before the first byte goes out: a client that saw the stream open and then
    // started a task must get that task's events (the console reads the task right after opening).
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(ApiContract.EVENTS, message -> {
      if (message.body() instanceof JsonObject event && accepts.test(event) && !response.writeQueueFull()) {
        response.write("event: " + Objects.requireNonNullElse(event.getString("type"), "message") + "\ndata: "
            + event.encode() + "\n\n");
      }
    });
    // A client that loses the stream comes back after 2 s (EventSource's own reconnection).
    response.write("retry: 2000\n: following\n\n");
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> response.write(": ping\n\n"));
    response.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(heartbeat);
      open.decrementAndGet();
    });
  }
}
