package io.bmp.protocols.ipmi;

import java.util.HexFormat;

/** Hex strings with spaces allowed, for byte vectors copied from captures and specifications. */
public final class Hex {

  private Hex() {
  }

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
