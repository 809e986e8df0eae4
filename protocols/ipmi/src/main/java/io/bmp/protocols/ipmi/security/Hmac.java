package io.bmp.protocols.ipmi.security;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's HMAC; every JDK has HmacSHA1 and HmacSHA256, so a failure here is a broken runtime. */
final class Hmac {

  private Hmac() {
  }

  static byte[] compute(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      // A zero-length key is legal for a user with an empty password: HMAC pads it with zeros.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
