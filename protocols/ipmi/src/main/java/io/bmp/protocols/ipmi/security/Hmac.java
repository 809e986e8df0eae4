package io.bmp.protocols.ipmi.security;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's HMAC; every JDK has HmacSHA1 and HmacSHA256, so a failure here is a broken runtime.
 * One Mac per algorithm and thread: {@code Mac.getInstance} walks the provider list under a lock,
 * which costs more than the HMAC of a 40-byte packet.
 */
final class Hmac {

  private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);

  private Hmac() {
  }

  static byte[] compute(String algorithm, byte[] key, byte[] data) {
    try {
      Map<String, Mac> macs = MACS.get();
      Mac mac = macs.get(algorithm);
      if (mac == null) {
        mac = Mac.getInstance(algorithm);
        macs.put(algorithm, mac);
      }
      // A zero-length key is legal for a user with an empty password: HMAC pads it with zeros.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
