package io.bmp.protocols.ipmi.payload;

/** RMCP+ and RAKP message status codes (IPMI 2.0 Table 13-15). */
public final class RmcpPlusStatus {

  public static final int OK = 0x00;
  public static final int INSUFFICIENT_RESOURCES = 0x01;
  public static final int INVALID_SESSION_ID = 0x02;
  public static final int INVALID_PAYLOAD_TYPE = 0x03;
  public static final int INVALID_AUTHENTICATION_ALGORITHM = 0x04;
  public static final int INVALID_INTEGRITY_ALGORITHM = 0x05;
  public static final int NO_MATCHING_AUTHENTICATION_PAYLOAD = 0x06;
  public static final int NO_MATCHING_INTEGRITY_PAYLOAD = 0x07;
  public static final int INACTIVE_SESSION_ID = 0x08;
  public static final int INVALID_ROLE = 0x09;
  public static final int UNAUTHORIZED_ROLE = 0x0A;
  public static final int INSUFFICIENT_RESOURCES_FOR_ROLE = 0x0B;
  public static final int INVALID_NAME_LENGTH = 0x0C;
  public static final int UNAUTHORIZED_NAME = 0x0D;
  public static final int UNAUTHORIZED_GUID = 0x0E;
  public static final int INVALID_INTEGRITY_CHECK_VALUE = 0x0F;
  public static final int INVALID_CONFIDENTIALITY_ALGORITHM = 0x10;
  public static final int NO_CIPHER_SUITE_MATCH = 0x11;
  public static final int ILLEGAL_PARAMETER = 0x12;

  private RmcpPlusStatus() {
  }

  public static String describe(int status) {
    return switch (status) {
      case OK -> "no errors";
      case INSUFFICIENT_RESOURCES -> "insufficient resources to create a session";
      case INVALID_SESSION_ID -> "invalid session ID";
      case INVALID_AUTHENTICATION_ALGORITHM -> "invalid authentication algorithm";
      case INVALID_INTEGRITY_ALGORITHM -> "invalid integrity algorithm";
      case INACTIVE_SESSION_ID -> "inactive session ID";
      case INVALID_ROLE -> "invalid role";
      case UNAUTHORIZED_ROLE -> "unauthorized role or privilege level requested";
      case INVALID_NAME_LENGTH -> "invalid name length";
      case UNAUTHORIZED_NAME -> "unauthorized name";
      case INVALID_INTEGRITY_CHECK_VALUE -> "invalid integrity check value";
      case INVALID_CONFIDENTIALITY_ALGORITHM -> "invalid confidentiality algorithm";
      case NO_CIPHER_SUITE_MATCH -> "no cipher suite match with proposed security algorithms";
      default -> String.format("RMCP+ status %02Xh", status);
    };
  }
}
