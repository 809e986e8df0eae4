package io.bmp.protocols.ipmi.message;

/** The completion codes a response starts with (IPMI 2.0 Table 5-2) that this code names. */
public final class CompletionCode {

  public static final int OK = 0x00;
  /** Command-specific 80h..BEh: for Set Session Privilege Level, "requested level not available for this user". */
  public static final int PARAMETER_NOT_SUPPORTED = 0x80;
  public static final int NODE_BUSY = 0xC0;
  public static final int INVALID_COMMAND = 0xC1;
  public static final int INVALID_FOR_LUN = 0xC2;
  public static final int TIMEOUT = 0xC3;
  public static final int OUT_OF_SPACE = 0xC4;
  public static final int RESERVATION_CANCELLED = 0xC5;
  public static final int REQUEST_TRUNCATED = 0xC6;
  public static final int REQUEST_LENGTH_INVALID = 0xC7;
  public static final int REQUEST_TOO_LONG = 0xC8;
  public static final int PARAMETER_OUT_OF_RANGE = 0xC9;
  public static final int CANNOT_RETURN_REQUESTED_BYTES = 0xCA;
  public static final int NOT_PRESENT = 0xCB;
  public static final int INVALID_DATA_FIELD = 0xCC;
  public static final int ILLEGAL_FOR_SENSOR = 0xCD;
  public static final int CANNOT_PROVIDE_RESPONSE = 0xCE;
  public static final int DUPLICATED_REQUEST = 0xCF;
  public static final int SDR_IN_UPDATE_MODE = 0xD0;
  public static final int FIRMWARE_UPDATE_MODE = 0xD1;
  public static final int INITIALIZATION_IN_PROGRESS = 0xD2;
  public static final int DESTINATION_UNAVAILABLE = 0xD3;
  public static final int INSUFFICIENT_PRIVILEGE = 0xD4;
  public static final int NOT_SUPPORTED_IN_PRESENT_STATE = 0xD5;
  public static final int UNSPECIFIED = 0xFF;

  private CompletionCode() {
  }

  public static String describe(int code) {
    return switch (code) {
      case OK -> "ok";
      case NODE_BUSY -> "node busy";
      case INVALID_COMMAND -> "invalid command";
      case TIMEOUT -> "timeout while processing the command";
      case RESERVATION_CANCELLED -> "reservation cancelled or invalid";
      case REQUEST_LENGTH_INVALID -> "request data length invalid";
      case PARAMETER_OUT_OF_RANGE -> "parameter out of range";
      case NOT_PRESENT -> "requested sensor, data or record not present";
      case INVALID_DATA_FIELD -> "invalid data field in request";
      case DESTINATION_UNAVAILABLE -> "destination unavailable";
      case INSUFFICIENT_PRIVILEGE -> "insufficient privilege level";
      case NOT_SUPPORTED_IN_PRESENT_STATE -> "not supported in present state";
      default -> String.format("completion code %02Xh", code);
    };
  }
}
