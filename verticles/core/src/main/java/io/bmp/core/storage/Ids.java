package io.bmp.core.storage;

import java.security.SecureRandom;

/**
 * Prefixed random ids ("d-k3x9…", "bmp-…"), as the seed system uses: the prefix says what an id
 * names when it shows up in a log or a ticket, and application-made ids need no generated keys.
 */
public final class Ids {

  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 16;

  private Ids() {}

  public static String next(String prefix) {
    char[] chars = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return prefix + "-" + new String(chars);
  }
}
