package io.bmp.protocols.ipmi.security;

import java.util.Arrays;

/**
 * The session integrity algorithms of IPMI 2.0 §13.28.4: the AuthCode in each authenticated
 * packet's trailer, keyed with K1 and truncated (HMAC-SHA1-96: 12 bytes, HMAC-SHA256-128: 16).
 */
public enum IntegrityAlgorithm {
  NONE(0x00, null, 0),
  HMAC_SHA1_96(0x01, "HmacSHA1", 12),
  HMAC_SHA256_128(0x04, "HmacSHA256", 16);

  private final int code;
  private final String mac;
  private final int length;

  IntegrityAlgorithm(int code, String mac, int length) {
    this.code = code;
    this.mac = mac;
    this.length = length;
  }

  public int code() {
    return code;
  }

  /** Bytes of the AuthCode field (0: packets are not authenticated). */
  public int authCodeLength() {
    return length;
  }

  public byte[] authCode(byte[] k1, byte[] data, int offset, int count) {
    return Arrays.copyOf(Hmac.compute(mac, k1, Arrays.copyOfRange(data, offset, offset + count)), length);
  }

  public static IntegrityAlgorithm of(int code) {
    for (IntegrityAlgorithm a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }
}
