package io.bmp.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the curl command line client: its exit code, the response's header block and body. */
record Curl(int exit, String headers, byte[] body) {

  int status() {
    String[] first = headers.split("\r?\n", 2)[0].split(" ");
    return first.length > 1 ? Integer.parseInt(first[1]) : -1;
  }

  String header(String name) {
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  String text() {
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Runs curl with the arguments, keeping headers and body in files under {@code dir}. */
  static Curl run(Path dir, String... args) throws Exception {
    Path headers = Files.createTempFile(dir, "h", ".txt");
    Path body = Files.createTempFile(dir, "b", ".bin");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-D", headers.toString(), "-o", body.toString()));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    try {
      return new Curl(p.exitValue(), Files.readString(headers), Files.readAllBytes(body));
    } finally {
      Files.deleteIfExists(headers);
      Files.deleteIfExists(body);
    }
  }
}
