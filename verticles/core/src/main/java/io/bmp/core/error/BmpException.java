package io.bmp.core.error;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Objects;

/**
 * A failure with a stable {@link ErrorCode}. It is a {@link ReplyException}, like Vert.x's own bus
 * failures, so it is cheap (no stack trace) and a handler can pass it straight to
 * {@code message.fail(code.failureCode(), message)} to cross the event bus with its code intact.
 */
public final class BmpException extends ReplyException {

  private final ErrorCode code;
  private final String messageKey;
  private final Object[] messageArgs;

  public BmpException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** {@code cause} is kept for the log of whoever handles this; it never travels over the bus. */
  public BmpException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, null, null);
  }

  private BmpException(ErrorCode code, String message, Throwable cause, String messageKey, Object[] messageArgs) {
    super(ReplyFailure.RECIPIENT_FAILURE, code.failureCode(), Objects.requireNonNull(message), cause, true);
    this.code = code;
    this.messageKey = messageKey;
    this.messageArgs = messageArgs;
  }

  /**
   * A failure whose message the HTTP layer shows in the caller's language: {@code key} names a
   * message in the {@code messages} bundles, {@code english} is the English text used in logs and
   * on the event bus.
   */
  public static BmpException localized(ErrorCode code, String key, String english, Object... args) {
    return new BmpException(code, english, null, key, args);
  }

  /** The message bundle key, or null when only the English message exists. */
  public String messageKey() {
    return messageKey;
  }

  public Object[] messageArgs() {
    return messageArgs == null ? new Object[0] : messageArgs.clone();
  }

  public ErrorCode code() {
    return code;
  }

  /**
   * Turns any failure into a coded one. A failure that came back over the event bus keeps the code
   * its sender gave it; a bus timeout or missing handler becomes {@code unavailable} (the caller
   * knows whether that means a room or a central component); anything else is {@link
   * ErrorCode#INTERNAL}, with the original as the cause so it can be logged where it is handled.
   */
  public static BmpException of(Throwable failure, ErrorCode unavailable, String target) {
    if (failure instanceof BmpException bmp) {
      return bmp;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new BmpException(unavailable, target + " is not available (nothing answers)");
        case TIMEOUT -> new BmpException(unavailable, target + " did not answer in time");
        case RECIPIENT_FAILURE, ERROR -> new BmpException(
            ErrorCode.ofFailureCode(reply.failureCode()), String.valueOf(reply.getMessage()));
      };
    }
    return new BmpException(ErrorCode.INTERNAL, "internal error", failure);
  }

  public static BmpException of(Throwable failure) {
    return of(failure, ErrorCode.COMPONENT_UNAVAILABLE, "the component");
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}
