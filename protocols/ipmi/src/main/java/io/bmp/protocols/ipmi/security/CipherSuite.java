package io.bmp.protocols.ipmi.security;

import java.util.List;

/**
 * The cipher suites we speak (IPMI 2.0 Table 22-20): an authentication, an integrity and a
 * confidentiality algorithm under one ID. Suite 3 (SHA1) and 17 (SHA256), both with AES-CBC-128,
 * are what BMCs ship enabled; the others serve BMCs configured for less.
 */
public record CipherSuite(int id, AuthenticationAlgorithm authentication, IntegrityAlgorithm integrity,
    ConfidentialityAlgorithm confidentiality) {

  public static final CipherSuite SUITE_3 = new CipherSuite(3, AuthenticationAlgorithm.RAKP_HMAC_SHA1,
      IntegrityAlgorithm.HMAC_SHA1_96, ConfidentialityAlgorithm.AES_CBC_128);
  public static final CipherSuite SUITE_17 = new CipherSuite(17, AuthenticationAlgorithm.RAKP_HMAC_SHA256,
      IntegrityAlgorithm.HMAC_SHA256_128, ConfidentialityAlgorithm.AES_CBC_128);

  public static final List<CipherSuite> SUPPORTED = List.of(
      new CipherSuite(0, AuthenticationAlgorithm.RAKP_NONE, IntegrityAlgorithm.NONE, ConfidentialityAlgorithm.NONE),
      new CipherSuite(1, AuthenticationAlgorithm.RAKP_HMAC_SHA1, IntegrityAlgorithm.NONE, ConfidentialityAlgorithm.NONE),
      new CipherSuite(2, AuthenticationAlgorithm.RAKP_HMAC_SHA1, IntegrityAlgorithm.HMAC_SHA1_96, ConfidentialityAlgorithm.NONE),
      SUITE_3,
      new CipherSuite(15, AuthenticationAlgorithm.RAKP_HMAC_SHA256, IntegrityAlgorithm.NONE, ConfidentialityAlgorithm.NONE),
      new CipherSuite(16, AuthenticationAlgorithm.RAKP_HMAC_SHA256, IntegrityAlgorithm.HMAC_SHA256_128,
          ConfidentialityAlgorithm.NONE),
      SUITE_17);

  /** The suite with this ID, or null when we do not speak it. */
  public static CipherSuite byId(int id) {
    for (CipherSuite suite : SUPPORTED) {
      if (suite.id == id) {
        return suite;
      }
    }
    return null;
  }

  /** The suite made of these three algorithm codes, or null. */
  public static CipherSuite of(int authentication, int integrity, int confidentiality) {
    for (CipherSuite suite : SUPPORTED) {
      if (suite.authentication.code() == authentication && suite.integrity.code() == integrity
          && suite.confidentiality.code() == confidentiality) {
        return suite;
      }
    }
    return null;
  }
}
