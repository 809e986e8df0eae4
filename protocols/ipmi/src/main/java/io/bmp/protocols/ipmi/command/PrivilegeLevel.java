package io.bmp.protocols.ipmi.command;

/** Channel privilege levels (IPMI 2.0 §6.8). */
public final class PrivilegeLevel {

  /** In Open Session and RAKP 1: "the highest level the user has". */
  public static final int HIGHEST = 0x00;
  public static final int CALLBACK = 0x01;
  public static final int USER = 0x02;
  public static final int OPERATOR = 0x03;
  public static final int ADMINISTRATOR = 0x04;
  public static final int OEM = 0x05;

  private PrivilegeLevel() {
  }

  public static String name(int level) {
    return switch (level) {
      case CALLBACK -> "CALLBACK";
      case USER -> "USER";
      case OPERATOR -> "OPERATOR";
      case ADMINISTRATOR -> "ADMINISTRATOR";
      case OEM -> "OEM";
      default -> "level " + level;
    };
  }
}
