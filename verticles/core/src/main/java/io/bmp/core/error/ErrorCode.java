package io.bmp.core.error;

import java.util.HashMap;
import java.util.Map;

/**
 * The one catalogue of failure codes. The name is the stable code clients see (HTTP error bodies,
 * event-bus failures, task step errors); {@link #httpStatus()} is the single mapping to HTTP;
 * {@link #failureCode()} is the number carried by an event-bus {@code ReplyException}, so a failure
 * keeps its code when it crosses from a room node to central.
 *
 * <p>Numbers are fixed once given: never renumber, only add.
 */
public enum ErrorCode {
  INVALID_ARGUMENT(1001, 400),
  MALFORMED_REQUEST(1002, 400),
  UNAUTHENTICATED(1003, 401),
  PERMISSION_DENIED(1004, 403),
  NOT_FOUND(1005, 404),
  ALREADY_EXISTS(1006, 409),
  VERSION_CONFLICT(1007, 409),
  INVALID_STATE(1008, 409),
  IN_USE(1009, 409),
  INSUFFICIENT_STOCK(1010, 409),
  PAYLOAD_TOO_LARGE(1011, 413),
  RATE_LIMITED(1012, 429),
  UNSUPPORTED_ACTION(1013, 400),
  METHOD_NOT_ALLOWED(1014, 405),
  CHECKSUM_MISMATCH(1015, 422),

  INTERNAL(2001, 500),
  DATABASE_UNAVAILABLE(2002, 503),
  CACHE_UNAVAILABLE(2003, 503),
  ROOM_UNAVAILABLE(2004, 503),
  COMPONENT_UNAVAILABLE(2005, 503),
  TIMEOUT(2006, 504),
  UPSTREAM_FAILED(2007, 502),
  STORAGE_FULL(2008, 507),
  /** The BMC did not answer at all (address, port, network or a BMC that hung). */
  BMC_UNREACHABLE(2009, 502),
  /** The BMC refused the user name or password. */
  BMC_AUTH_FAILED(2010, 502),
  /** The BMC account may not take the privilege the call needs (Operator or Administrator). */
  BMC_PRIVILEGE(2011, 502),
  /** The BMC answered that it is busy (no free session, node busy). */
  BMC_BUSY(2012, 503),
  /** The BMC answered the session but not this call in time, after retries. */
  BMC_TIMEOUT(2013, 504),
  /** The BMC does not support the call, the cipher suite or the BMC type. */
  BMC_UNSUPPORTED(2014, 501),
  /** The LiveOS agent did not check in, or did not finish a command, before the step's deadline. */
  AGENT_TIMEOUT(2015, 504),
  /** The agent ran a command and it failed (the message says what the host answered). */
  AGENT_FAILED(2016, 502),
  /** The installed OS did not call back before the deadline: the boot is not confirmed. */
  BOOT_NOT_CONFIRMED(2017, 504),
  /** A task was cancelled while this ran. */
  CANCELLED(2018, 409),
  /** The agent process ended while it ran the command (it crashed and was restarted): worth another attempt. */
  AGENT_RESTARTED(2019, 502),
  /**
   * Nothing was heard from the agent (no progress, no heartbeat) for the scheduler's silence limit
   * while it ran a command: its machine hung, lost power or its network. The LiveOS is booted again.
   */
  AGENT_LOST(2020, 504),

  CONFIG_INVALID(3001, 500);

  private static final Map<Integer, ErrorCode> BY_FAILURE_CODE = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      if (BY_FAILURE_CODE.put(code.failureCode, code) != null) {
        throw new ExceptionInInitializerError("duplicate failure code " + code.failureCode);
      }
    }
  }

  private final int failureCode;
  private final int httpStatus;

  ErrorCode(int failureCode, int httpStatus) {
    this.failureCode = failureCode;
    this.httpStatus = httpStatus;
  }

  public int failureCode() {
    return failureCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The code carried by an event-bus failure, or {@link #INTERNAL} for a number we never gave out. */
  public static ErrorCode ofFailureCode(int failureCode) {
    return BY_FAILURE_CODE.getOrDefault(failureCode, INTERNAL);
  }
}
