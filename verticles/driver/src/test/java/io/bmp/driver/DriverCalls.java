package io.bmp.driver;

import io.bmp.core.bus.Bus;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.error.BmpException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import io.bmp.core.bus.Codecs;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.node.NodeResources;
import java.security.SecureRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x with a driver verticle of one room deployed and a secret key installed, and calls to it
 * over the event bus from a test thread (failures as the BmpException a caller would see).
 */
final class DriverCalls {

  private final Vertx vertx;
  private final String room;
  private final SecretBox secrets;

  private DriverCalls(Vertx vertx, String room, SecretBox secrets) {
    this.vertx = vertx;
    this.room = room;
    this.secrets = secrets;
  }

  /** Deploys the driver for {@code room} with {@code config} (the room and a loopback bind are added). */
  static DriverCalls deploy(String room, JsonObject config) {
    Vertx vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretBox secrets = new SecretBox(key);
    NodeResources.of(vertx).install(secrets);
    JsonObject full = config.copy().put("room", room).put("bindHost", "127.0.0.1");
    vertx.deployVerticle(new DriverVerticle(), new DeploymentOptions().setConfig(full)).await();
    return new DriverCalls(vertx, room, secrets);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Seals a BMC password as central does before sending it. */
  String seal(String password) {
    return secrets.encrypt(password);
  }

  <T> T ask(String action, Object body, Class<T> reply) {
    return await(Bus.request(vertx, DriverContract.endpoint(room).withTimeout(60_000), action, body, reply));
  }

  /** The failure of a call that must fail. */
  BmpException failure(String action, Object body) {
    try {
      ask(action, body, Object.class);
    } catch (BmpException e) {
      return e;
    }
    throw new AssertionError(action + " did not fail");
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
