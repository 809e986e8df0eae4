package io.bmp.protocols.ipmi.payload;

/** RMCP+ payload types (IPMI 2.0 Table 13-16) that this codec carries. */
public final class PayloadType {

  public static final int IPMI = 0x00;
  public static final int OPEN_SESSION_REQUEST = 0x10;
  public static final int OPEN_SESSION_RESPONSE = 0x11;
  public static final int RAKP_1 = 0x12;
  public static final int RAKP_2 = 0x13;
  public static final int RAKP_3 = 0x14;
  public static final int RAKP_4 = 0x15;

  private PayloadType() {
  }
}
