package io.bmp.protocols.ipmi.session;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.security.ConfidentialityAlgorithm;
import io.bmp.protocols.ipmi.security.IntegrityAlgorithm;
import io.bmp.protocols.ipmi.security.SessionKeys;
import java.security.MessageDigest;
import java.util.Random;

/**
 * What protects the packets of an active session: the suite's integrity algorithm keyed with K1
 * and its confidentiality algorithm keyed with K2, plus the source of AES IVs. {@link #NONE} is
 * the pre-session state (Open Session and RAKP travel in the clear).
 */
public record SessionCrypto(IntegrityAlgorithm integrity, byte[] k1, ConfidentialityAlgorithm confidentiality, byte[] k2,
    Random ivSource) {

  public static final SessionCrypto NONE = new SessionCrypto(IntegrityAlgorithm.NONE, new byte[0],
      ConfidentialityAlgorithm.NONE, new byte[0], null);

  public static SessionCrypto of(CipherSuite suite, SessionKeys keys, Random ivSource) {
    return new SessionCrypto(suite.integrity(), keys.k1(), suite.confidentiality(), keys.k2(), ivSource);
  }

  public boolean authenticates() {
    return integrity != IntegrityAlgorithm.NONE;
  }

  public boolean encrypts() {
    return confidentiality != ConfidentialityAlgorithm.NONE;
  }

  byte[] seal(byte[] payload) {
    if (!encrypts()) {
      return payload;
    }
    byte[] iv = new byte[16];
    ivSource.nextBytes(iv);
    return confidentiality.encrypt(k2, iv, payload);
  }

  byte[] unseal(byte[] payload) throws IpmiDecodeException {
    return confidentiality.decrypt(k2, payload);
  }

  /** Checks the trailer's AuthCode in constant time. */
  void verify(byte[] datagram, int from, int length, byte[] authCode) throws IpmiDecodeException {
    byte[] expected = integrity.authCode(k1, datagram, from, length);
    if (!MessageDigest.isEqual(expected, authCode)) {
      throw new IpmiDecodeException("session integrity check failed");
    }
  }
}
