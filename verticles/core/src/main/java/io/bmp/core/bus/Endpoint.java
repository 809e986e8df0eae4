package io.bmp.core.bus;

import io.bmp.core.error.ErrorCode;

/**
 * Where a request goes and what it means when nobody answers there.
 *
 * @param address the event-bus address
 * @param target what to call it in an error message ("driver of room r1")
 * @param unavailable the code a missing handler or a timeout becomes: {@link
 *     ErrorCode#ROOM_UNAVAILABLE} for room services, {@link ErrorCode#COMPONENT_UNAVAILABLE} for
 *     central ones
 * @param timeoutMillis how long a request may wait for its reply
 */
public record Endpoint(String address, String target, ErrorCode unavailable, long timeoutMillis) {

  public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

  public Endpoint withTimeout(long millis) {
    return new Endpoint(address, target, unavailable, millis);
  }
}
