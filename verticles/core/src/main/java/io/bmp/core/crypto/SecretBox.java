package io.bmp.core.crypto;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (BMC and room credentials, install passwords) with AES-256-GCM. The
 * key comes from {@code BMP_SECRET_KEY} (base64 of 32 bytes), which central and every room node
 * must share, or is generated into {@code <data>/secret.key} (mode 0600) on first start of an
 * all-in-one node. Ciphertexts are {@code v1:<base64(iv | ciphertext | tag)>}.
 */
public final class SecretBox {

  private static final String PREFIX = "v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "the secret key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** The key from {@code base64Key} when given, else from (or newly into) {@code keyFile}. Blocking. */
  public static SecretBox load(String base64Key, Path keyFile) {
    if (base64Key != null && !base64Key.isBlank()) {
      try {
        return new SecretBox(Base64.getDecoder().decode(base64Key.trim()));
      } catch (IllegalArgumentException e) {
        throw new BmpException(ErrorCode.CONFIG_INVALID, "BMP_SECRET_KEY is not base64");
      }
    }
    try {
      if (Files.exists(keyFile)) {
        return new SecretBox(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      writePrivate(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n");
      return new SecretBox(fresh);
    } catch (IOException | IllegalArgumentException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "cannot read or create the secret key " + keyFile + ": " + e.getMessage());
    }
  }

  /**
   * Writes a new file that only its owner can read: it is created with mode 0600, so the secret is
   * never readable by others, not even between creating and restricting it. An older file of that
   * name is replaced.
   */
  public static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(Set.of(
          java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, content);
  }

  /** Makes a file readable by its owner only (where the file system knows POSIX modes). */
  public static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, Set.of(
          java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: nothing more we can do here.
    }
  }

  public String encrypt(String plaintext) {
    if (plaintext == null) {
      return null;
    }
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Fails {@code CONFIG_INVALID} when the text was sealed with another key or altered. */
  public String decrypt(String sealedText) {
    if (sealedText == null) {
      return null;
    }
    if (!sealedText.startsWith(PREFIX)) {
      throw new BmpException(ErrorCode.CONFIG_INVALID, "not an encrypted secret");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealedText.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new BmpException(ErrorCode.CONFIG_INVALID,
          "a stored secret cannot be decrypted: is BMP_SECRET_KEY the same on every node?");
    }
  }
}
