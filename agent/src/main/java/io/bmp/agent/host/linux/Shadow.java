package io.bmp.agent.host.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sets a user's password hash in an installed system's /etc/shadow, keeping the rest of the line and the file's mode. */
final class Shadow {

  private Shadow() {
  }

  static void setHash(Path shadow, String user, String hash) throws IOException {
    List<String> lines = Files.exists(shadow) ? new ArrayList<>(Files.readAllLines(shadow)) : new ArrayList<>();
    boolean found = false;
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(":", -1);
      if (fields.length >= 2 && fields[0].equals(user)) {
        fields[1] = hash;
        if (fields.length > 2) {
          fields[2] = String.valueOf(System.currentTimeMillis() / 86_400_000L); // last change: today, in days
        }
        lines.set(i, String.join(":", fields));
        found = true;
      }
    }
    if (!found) {
      lines.add(0, user + ":" + hash + ":" + System.currentTimeMillis() / 86_400_000L + ":0:99999:7:::");
    }
    if (!Files.exists(shadow)) {
      Files.createDirectories(shadow.getParent());
      Files.createFile(shadow, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----")));
    }
    Files.write(shadow, lines); // truncates in place: the file keeps its owner, group and mode
  }
}
