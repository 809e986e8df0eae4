package io.bmp.protocols.ipmi.security;

import java.util.Arrays;

/**
 * The RAKP authentication algorithms of IPMI 2.0 §13.28: the HMAC that proves both sides know the
 * user's key during the RAKP exchange and derives the session integrity key (SIK), and the length
 * of the RAKP 4 integrity check value.
 */
public enum AuthenticationAlgorithm {
  RAKP_NONE(0x00, null, 0, 0),
  RAKP_HMAC_SHA1(0x01, "HmacSHA1", 20, 12),
  RAKP_HMAC_SHA256(0x03, "HmacSHA256", 32, 16);

  private final int code;
  private final String mac;
  private final int length;
  private final int icvLength;

  AuthenticationAlgorithm(int code, String mac, int length, int icvLength) {
    this.code = code;
    this.mac = mac;
    this.length = length;
    this.icvLength = icvLength;
  }

  public int code() {
    return code;
  }

  /** Bytes of the key-exchange authentication code in RAKP 2 and RAKP 3 (0 for RAKP-none). */
  public int authCodeLength() {
    return length;
  }

  /** Bytes of the integrity check value in RAKP 4: HMAC-SHA1-96 or HMAC-SHA256-128 (§13.28.1, §13.28.1b). */
  public int icvLength() {
    return icvLength;
  }

  public byte[] hmac(byte[] key, byte[] data) {
    return mac == null ? new byte[0] : Hmac.compute(mac, key, data);
  }

  /** The RAKP 4 integrity check value: the HMAC under the SIK, truncated. */
  public byte[] icv(byte[] sik, byte[] data) {
    return mac == null ? new byte[0] : Arrays.copyOf(Hmac.compute(mac, sik, data), icvLength);
  }

  public static AuthenticationAlgorithm of(int code) {
    for (AuthenticationAlgorithm a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }
}
