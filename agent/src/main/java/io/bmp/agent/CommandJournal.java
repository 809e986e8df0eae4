package io.bmp.agent;

import io.bmp.core.contract.AgentContract.Command;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Remembers the command the agent is running, so that an agent process that died in the middle of
 * one (a crash, the OOM killer; systemd starts it again in the same boot) can tell the scheduler
 * that this attempt is lost. The gateway hands a command once: without this, the scheduler would
 * wait for its result until the step's deadline (25 minutes for an image write).
 *
 * <p>Only the command's id and kind are kept, never its parameters (a password hash, a seed's
 * keys). Blocking file calls: the agent calls it from its worker, never from the event loop.
 */
public interface CommandJournal {

  /** A command that was begun and never ended. */
  record Entry(String id, String kind) {}

  /** Before the command starts. */
  void begin(Command command) throws IOException;

  /** Once its result was delivered (or the session ended). */
  void end() throws IOException;

  /** The command an earlier process of this boot began and never ended. */
  Optional<Entry> interrupted() throws IOException;

  /** For agents whose process cannot die on its own (the lab's, in the platform's JVM). */
  CommandJournal NONE = new CommandJournal() {
    @Override
    public void begin(Command command) {
    }

    @Override
    public void end() {
    }

    @Override
    public Optional<Entry> interrupted() {
      return Optional.empty();
    }
  };

  /** One file in the LiveOS's run directory (tmpfs: it lives exactly as long as the boot). */
  static CommandJournal inFile(Path file) {
    return new CommandJournal() {
      @Override
      public void begin(Command command) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, new JsonObject().put("id", command.id()).put("kind", command.kind()).encode());
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public void end() throws IOException {
        Files.deleteIfExists(file);
      }

      @Override
      public Optional<Entry> interrupted() throws IOException {
        if (!Files.exists(file)) {
          return Optional.empty();
        }
        JsonObject entry = new JsonObject(Files.readString(file));
        return Optional.of(new Entry(entry.getString("id"), entry.getString("kind")));
      }
    };
  }
}
