package io.bmp.agent.live;

import io.bmp.core.contract.AgentContract;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The installed system's call back at boot: the guest token the install left in
 * {@code /etc/bmp/guest.json} is posted to the platform until it takes it. The platform marks the
 * instance running on that call, and only on it: no call before the deadline fails the install
 * with "boot not confirmed". Blocking, for a one-shot service at boot.
 */
public final class GuestCheckin {

  /** Exit codes: confirmed, refused for good (or no settings), gave up at the deadline. */
  public static final int CONFIRMED = 0;
  public static final int REFUSED = 1;
  public static final int GAVE_UP = 3;

  private GuestCheckin() {
  }

  public static int run(Path settingsFile, Duration deadline, Duration retry, Consumer<String> log)
      throws InterruptedException {
    JsonObject settings;
    try {
      settings = new JsonObject(Files.readString(settingsFile));
    } catch (IOException | RuntimeException e) {
      log.accept("no guest settings at " + settingsFile + ": " + e.getMessage());
      return REFUSED;
    }
    String endpoint = settings.getString("endpoint", "").replaceAll("/+$", "");
    String token = settings.getString("token");
    if (endpoint.isEmpty() || token == null) {
      log.accept(settingsFile + " has no endpoint or token");
      return REFUSED;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + AgentContract.PATH_GUEST_CHECKIN))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    long giveUp = System.currentTimeMillis() + deadline.toMillis();
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          log.accept("boot confirmed to " + endpoint);
          return CONFIRMED;
        }
        if (response.statusCode() / 100 == 4) {
          log.accept("the platform refused the guest token: HTTP " + response.statusCode());
          return REFUSED;
        }
        log.accept("the platform answered HTTP " + response.statusCode() + "; trying again");
      } catch (IOException e) {
        log.accept("cannot reach " + endpoint + " yet (" + e.getMessage() + "); trying again");
      }
      if (System.currentTimeMillis() + retry.toMillis() > giveUp) {
        log.accept("gave up after " + deadline.toSeconds() + " s");
        return GAVE_UP;
      }
      Thread.sleep(retry.toMillis());
    }
  }
}
