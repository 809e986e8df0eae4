package io.bmp.agent.live;

import io.bmp.agent.Agent;
import io.bmp.agent.CommandJournal;
import io.bmp.agent.host.Host;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a LiveOS runs it: its settings from the kernel command line ({@code bmp.agent=},
 * {@code bmp.token=}, optionally {@code bmp.disks=sda,sdb}), a check-in retried while the network
 * comes up, and the session kept in the work directory (mode 0600), so that an agent process that
 * died and was restarted by its service manager goes on with the same session: the boot token
 * admits one check-in only.
 */
public final class LiveAgent {

  private static final Logger LOG = LoggerFactory.getLogger(LiveAgent.class);
  private static final long RETRY_MILLIS = 5000;

  /** What the agent needs to start; {@code bmp.agent} and {@code bmp.token} are required. */
  public record Options(String endpoint, String token, List<String> disks, Path work, Duration checkinDeadline) {

    public static Options fromKernel(Map<String, String> args, Path work, Duration checkinDeadline) {
      String endpoint = args.get("bmp.agent");
      String token = args.get("bmp.token");
      if (endpoint == null || endpoint.isBlank() || token == null || token.isBlank()) {
        throw new IllegalArgumentException("the kernel command line has no bmp.agent= or bmp.token=: this LiveOS was"
            + " not booted by BMP");
      }
      String disks = args.getOrDefault("bmp.disks", "");
      return new Options(endpoint, token, disks.isBlank() ? List.of() : Arrays.asList(disks.split(",")), work,
          checkinDeadline);
    }
  }

  private LiveAgent() {
  }

  /** Checks in (or resumes the session this boot already has) and leaves the agent taking commands. */
  public static Future<Agent> start(Vertx vertx, Options options, Host host) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgent("BMP-Agent/0.1").setKeepAlive(true));
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("bmp-agent-host", 2, 24, java.util.concurrent.TimeUnit.HOURS);
    Agent agent = new Agent(vertx, client, options.endpoint(), host, worker, 2000)
        .journal(CommandJournal.inFile(options.work().resolve("running-command.json")));
    Path sessionFile = options.work().resolve("session.json");
    return vertx.<JsonObject>executeBlocking(() -> savedSession(sessionFile, options.token()), false).compose(saved -> {
      if (saved != null) {
        LOG.info("AGENT resumes the session of this boot (device {})", saved.getString("device"));
        return agent.resume(saved.getString("device"), saved.getString("session")).map(agent);
      }
      Promise<Agent> checkedIn = Promise.promise();
      checkIn(vertx, agent, options, System.currentTimeMillis() + options.checkinDeadline().toMillis(), checkedIn);
      return checkedIn.future().compose(a -> vertx.executeBlocking(() -> {
        saveSession(sessionFile, options.token(), a);
        return a;
      }, false));
    });
  }

  private static void checkIn(Vertx vertx, Agent agent, Options options, long deadline, Promise<Agent> done) {
    agent.start(options.token()).onSuccess(v -> done.complete(agent)).onFailure(e -> {
      if (e instanceof Agent.Refused || System.currentTimeMillis() > deadline) {
        done.fail(e);
      } else {
        LOG.info("AGENT check-in at {} not taken yet ({}); trying again", options.endpoint(), e.getMessage());
        vertx.setTimer(RETRY_MILLIS, t -> checkIn(vertx, agent, options, deadline, done));
      }
    });
  }

  /** The session saved by an earlier agent process of this same boot (the same boot token), else null. */
  private static JsonObject savedSession(Path file, String token) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    JsonObject saved = new JsonObject(Files.readString(file));
    return tokenHash(token).equals(saved.getString("bootTokenSha256")) ? saved : null;
  }

  private static void saveSession(Path file, String token, Agent agent) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(partial, new JsonObject().put("device", agent.device()).put("session", agent.session())
        .put("bootTokenSha256", tokenHash(token)).encode());
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String tokenHash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
