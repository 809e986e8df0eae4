package io.bmp.protocols.ipmi.security;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload confidentiality algorithms of IPMI 2.0 §13.29. AES-CBC-128 (§13.29.1): a fresh
 * 16-byte IV in front, then the payload, pad bytes 01h, 02h … and a pad-length byte, enciphered
 * with the first 16 bytes of K2. The padding is IPMI's own, not PKCS#7, hence NoPadding here.
 */
public enum ConfidentialityAlgorithm {
  NONE(0x00),
  AES_CBC_128(0x01);

  private static final int BLOCK = 16;

  private final int code;

  ConfidentialityAlgorithm(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** IV followed by the ciphertext of the padded payload. */
  public byte[] encrypt(byte[] k2, byte[] iv, byte[] payload) {
    if (this == NONE) {
      return payload;
    }
    int pad = (BLOCK - (payload.length + 1) % BLOCK) % BLOCK;
    byte[] plain = Arrays.copyOf(payload, payload.length + pad + 1);
    for (int i = 0; i < pad; i++) {
      plain[payload.length + i] = (byte) (i + 1);
    }
    plain[plain.length - 1] = (byte) pad;
    byte[] cipher = aes(Cipher.ENCRYPT_MODE, k2, iv, plain, 0, plain.length);
    byte[] out = Arrays.copyOf(iv, BLOCK + cipher.length);
    System.arraycopy(cipher, 0, out, BLOCK, cipher.length);
    return out;
  }

  public byte[] decrypt(byte[] k2, byte[] payload) throws IpmiDecodeException {
    if (this == NONE) {
      return payload;
    }
    if (payload.length < 2 * BLOCK || payload.length % BLOCK != 0) {
      throw new IpmiDecodeException("an AES-CBC-128 payload of " + payload.length + " bytes");
    }
    byte[] plain = aes(Cipher.DECRYPT_MODE, k2, Arrays.copyOf(payload, BLOCK), payload, BLOCK, payload.length - BLOCK);
    int pad = plain[plain.length - 1] & 0xFF;
    if (pad >= BLOCK || pad + 1 > plain.length) {
      throw new IpmiDecodeException("confidentiality pad length " + pad);
    }
    return Arrays.copyOf(plain, plain.length - pad - 1);
  }

  /** One cipher per thread (as for {@link Hmac}): the provider lookup costs more than a packet's AES. */
  private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/CBC/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/NoPadding is missing from this JDK", e);
    }
  });

  private static byte[] aes(int mode, byte[] k2, byte[] iv, byte[] data, int offset, int length) {
    try {
      Cipher cipher = AES.get();
      cipher.init(mode, new SecretKeySpec(Arrays.copyOf(k2, BLOCK), "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(data, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/NoPadding failed", e);
    }
  }

  public static ConfidentialityAlgorithm of(int code) {
    for (ConfidentialityAlgorithm a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }
}
