package io.bmp.core.bus;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of a contract: one consumer on the component's address that dispatches on the
 * {@link Bus#ACTION} header. A handler's failure goes back with its {@link ErrorCode}; anything
 * uncoded is logged here, once, and answered as {@code INTERNAL} without its details.
 */
public final class BusService {

  private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

  /** Handles one action: the request in, a future of the reply body out. */
  @FunctionalInterface
  public interface Action extends Function<Message<Object>, Future<?>> {}

  private BusService() {}

  /** Registers the consumer; the returned future completes once the registration is visible cluster-wide. */
  public static Future<MessageConsumer<Object>> serve(Vertx vertx, String address, Map<String, Action> actions) {
    MessageConsumer<Object> consumer =
        vertx.eventBus().consumer(address, message -> dispatch(address, actions, message));
    return consumer.completion().map(v -> consumer);
  }

  private static void dispatch(String address, Map<String, Action> actions, Message<Object> message) {
    String name = message.headers().get(Bus.ACTION);
    Action action = name == null ? null : actions.get(name);
    if (action == null) {
      message.fail(ErrorCode.UNSUPPORTED_ACTION.failureCode(),
          "action '" + name + "' is not served on " + address);
      return;
    }
    Future<?> result;
    try {
      result = action.apply(message);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        reply -> message.reply(reply),
        failure -> {
          BmpException coded = BmpException.of(failure);
          if (coded.code() == ErrorCode.INTERNAL) {
            LOG.error("ACTION-FAILED address={} action={}", address, name, failure);
          }
          message.fail(coded.code().failureCode(), coded.getMessage());
        });
  }
}
