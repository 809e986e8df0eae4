package io.bmp.protocols.ipmi.message;

/** Network function codes of requests (IPMI 2.0 Table 5-1); a response's is the request's plus one. */
public final class NetFn {

  public static final int CHASSIS = 0x00;
  public static final int SENSOR_EVENT = 0x04;
  public static final int APP = 0x06;
  public static final int STORAGE = 0x0A;
  public static final int TRANSPORT = 0x0C;

  private NetFn() {
  }
}
