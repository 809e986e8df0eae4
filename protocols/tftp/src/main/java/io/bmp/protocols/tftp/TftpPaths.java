package io.bmp.protocols.tftp;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a requested file name into a path relative to the server's root, or refuses it. Lexical
 * only; the adapter still checks that the real path (symlinks followed) stays inside the root.
 */
public final class TftpPaths {

  private TftpPaths() {}

  /** Thrown for a name that points outside the root or is not a plain relative path. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The normalised relative path ({@code a/b/c}). Backslashes count as separators (some PXE ROMs
   * send DOS paths); absolute names, {@code ..} segments, empty names, control and non-ASCII characters are refused.
   */
  public static String relative(String filename) throws Refused {
    if (filename.isEmpty()) {
      throw new Refused("empty file name");
    }
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new Refused("the file name has a control or non-ASCII character");
      }
    }
    String name = filename.replace('\\', '/');
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new Refused("absolute paths are not served: " + filename);
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new Refused("'..' is not allowed: " + filename);
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      throw new Refused("no file named: " + filename);
    }
    return String.join("/", parts);
  }
}
