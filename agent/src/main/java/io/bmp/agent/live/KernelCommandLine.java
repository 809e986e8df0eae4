package io.bmp.agent.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel command line as the kernel itself splits it (/proc/cmdline): words separated by
 * spaces, a double-quoted part may hold spaces, {@code key=value} or a bare {@code key}; a later
 * word wins over an earlier one with the same key. The agent reads its {@code bmp.*} settings there.
 */
public final class KernelCommandLine {

  private KernelCommandLine() {
  }

  public static Map<String, String> parse(String line) {
    Map<String, String> args = new LinkedHashMap<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : ' ';
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && Character.isWhitespace(c)) {
        if (word.length() > 0) {
          String w = word.toString();
          int eq = w.indexOf('=');
          args.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    return args;
  }
}
