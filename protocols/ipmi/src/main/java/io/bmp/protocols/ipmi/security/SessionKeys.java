package io.bmp.protocols.ipmi.security;

import io.bmp.protocols.ipmi.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one RMCP+ session (IPMI 2.0 §13.31, §13.32): the session integrity key SIK, K1 (the
 * integrity key) and K2 (the first 16 bytes are the AES key). Both ends derive them from the same
 * RAKP values, so the client and the simulated BMC share this code.
 *
 * <p>The user key K_UID is the password as stored by the BMC, zero-padded to 20 bytes (what
 * ipmitool and OpenIPMI use for both SHA1 and SHA256 suites); K_G is the BMC key, and equals
 * K_UID when the BMC has none set.
 */
public record SessionKeys(byte[] sik, byte[] k1, byte[] k2) {

  public static final int PASSWORD_LENGTH = 20;
  private static final byte[] CONST_1 = filled(0x01);
  private static final byte[] CONST_2 = filled(0x02);

  /** K_UID: the password's bytes, zero-padded (or cut) to 20. */
  public static byte[] userKey(String password) {
    return Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), PASSWORD_LENGTH);
  }

  /**
   * SIK = HMAC_KG(Rm | Rc | RoleM | ULengthM | UNameM), then K1 = HMAC_SIK(01h × 20) and
   * K2 = HMAC_SIK(02h × 20).
   */
  public static SessionKeys derive(AuthenticationAlgorithm algorithm, byte[] kg, byte[] consoleRandom, byte[] bmcRandom,
      int role, byte[] userName) {
    byte[] data = new WireWriter().bytes(consoleRandom).bytes(bmcRandom).u8(role).u8(userName.length).bytes(userName)
        .toByteArray();
    byte[] sik = algorithm.hmac(kg, data);
    return new SessionKeys(sik, algorithm.hmac(sik, CONST_1), algorithm.hmac(sik, CONST_2));
  }

  /** RAKP 2's key-exchange authentication code, under K_UID (§13.31). */
  public static byte[] rakp2AuthCode(AuthenticationAlgorithm algorithm, byte[] kuid, int consoleSessionId, int bmcSessionId,
      byte[] consoleRandom, byte[] bmcRandom, byte[] bmcGuid, int role, byte[] userName) {
    byte[] data = new WireWriter().u32(consoleSessionId).u32(bmcSessionId).bytes(consoleRandom).bytes(bmcRandom)
        .bytes(bmcGuid).u8(role).u8(userName.length).bytes(userName).toByteArray();
    return algorithm.hmac(kuid, data);
  }

  /** RAKP 3's key-exchange authentication code, under K_UID. */
  public static byte[] rakp3AuthCode(AuthenticationAlgorithm algorithm, byte[] kuid, byte[] bmcRandom, int consoleSessionId,
      int role, byte[] userName) {
    byte[] data = new WireWriter().bytes(bmcRandom).u32(consoleSessionId).u8(role).u8(userName.length).bytes(userName)
        .toByteArray();
    return algorithm.hmac(kuid, data);
  }

  /** RAKP 4's integrity check value, under the SIK: HMAC(Rm | SIDc | GUIDc) truncated. */
  public static byte[] rakp4Icv(AuthenticationAlgorithm algorithm, byte[] sik, byte[] consoleRandom, int bmcSessionId,
      byte[] bmcGuid) {
    byte[] data = new WireWriter().bytes(consoleRandom).u32(bmcSessionId).bytes(bmcGuid).toByteArray();
    return algorithm.icv(sik, data);
  }

  private static byte[] filled(int value) {
    byte[] out = new byte[20];
    Arrays.fill(out, (byte) value);
    return out;
  }
}
