package io.bmp.driver.ipmi;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.Backoff;
import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.client.ClientHandshake;
import io.bmp.protocols.ipmi.client.ClientSession;
import io.bmp.protocols.ipmi.client.HandshakeFailure;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.messaging.SetSessionPrivilegeLevel;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One BMC's RMCP+ session as the driver keeps it: opened on first use, reused by every call after,
 * re-opened transparently when the BMC has dropped it (a call on a reused session that gets no
 * answer is tried once more on a fresh session), closed when idle. Each datagram is retransmitted
 * with a doubling, jittered timeout. Failures are typed: unreachable (never answered), timeout
 * (answered before, silent now), authentication, privilege, busy, unsupported.
 *
 * <p>Calls must not overlap (the driver's per-BMC queue sees to it); everything runs on the driver
 * verticle's event loop. The password is asked for only when a session is opened.
 */
public final class IpmiConnection {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final IpmiTransport transport;
  private final String host;
  private final int port;
  private final String user;
  private final Supplier<String> password;
  private final IpmiSettings settings;
  /** Registered with the transport; kept so that closing removes this listener and not a newer one. */
  private final Consumer<byte[]> listener = this::onDatagram;
  private ClientSession session;
  private boolean everAnswered;
  private Pending<?> pending;
  private long lastUsed = System.nanoTime();

  public IpmiConnection(Vertx vertx, IpmiTransport transport, String host, int port, String user, Supplier<String> password,
      IpmiSettings settings) {
    this.vertx = vertx;
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.settings = settings;
    transport.listen(host, port, listener);
  }

  /** Sends a command in the session (opening one if needed) and returns the BMC's response, whatever its completion code. */
  public Future<IpmiResponse> call(Command command, byte[] data) {
    lastUsed = System.nanoTime();
    boolean reused = session != null;
    Future<IpmiResponse> first = openAtConfiguredLevel().compose(s -> exchange(s, s.request(command, data)));
    Future<IpmiResponse> result = !reused ? first : first.recover(failure -> {
      if (!(failure instanceof NoAnswer)) {
        return Future.failedFuture(failure);
      }
      session = null; // the BMC may have forgotten it (idle timeout, reboot): one more try on a new session
      return openAtConfiguredLevel().compose(s -> exchange(s, s.request(command, data)));
    });
    return typed(result);
  }

  private static <T> Future<T> typed(Future<T> result) {
    return result.recover(failure -> Future.failedFuture(failure instanceof NoAnswer n ? n.typed() : failure));
  }

  /**
   * The enrolment question: the highest of Administrator, Operator and User the account can open a
   * session at and hold (0 if none). Each level is a handshake of its own, because BMCs that look
   * users up by name and privilege refuse a level above the account's as an unknown name.
   */
  public Future<Integer> highestPrivilege() {
    lastUsed = System.nanoTime();
    return typed(closeSession().compose(v -> tryLevel(PrivilegeLevel.ADMINISTRATOR)));
  }

  private Future<Integer> tryLevel(int level) {
    return open(level).transform(opened -> {
      if (opened.succeeded()) {
        return Future.succeededFuture(level);
      }
      boolean refused = opened.cause() instanceof BmpException e
          && (e.code() == ErrorCode.BMC_AUTH_FAILED || e.code() == ErrorCode.BMC_PRIVILEGE);
      if (!refused) {
        return Future.failedFuture(opened.cause());
      }
      return level > PrivilegeLevel.USER ? tryLevel(level - 1) : Future.failedFuture(opened.cause());
    });
  }

  /** Milliseconds since the last call. */
  public long idleMillis() {
    return (System.nanoTime() - lastUsed) / 1_000_000;
  }

  public boolean hasSession() {
    return session != null;
  }

  /** Closes the session on the BMC (one datagram, not waited for) and forgets it. */
  public Future<Void> closeSession() {
    ClientSession s = session;
    session = null;
    if (s != null) {
      transport.send(host, port, s.datagram(s.closeRequest()));
    }
    return Future.succeededFuture();
  }

  /** Closes the session and stops listening for this BMC. */
  public Future<Void> close() {
    return closeSession().onComplete(v -> transport.forget(host, port, listener));
  }

  /**
   * Opens the session at the configured privilege. Many BMCs (ipmi_sim among them) look a user up
   * by name and privilege together, so an account below the level asked for reads as "unauthorized
   * name", the same as a wrong name. A second handshake at the account's own level tells them
   * apart: if it succeeds, the password is right and the privilege is what is missing.
   */
  private Future<ClientSession> openAtConfiguredLevel() {
    return open(settings.privilege()).recover(failure -> {
      if (!(failure instanceof BmpException e) || e.code() != ErrorCode.BMC_AUTH_FAILED
          || settings.privilege() <= PrivilegeLevel.USER) {
        return Future.failedFuture(failure);
      }
      return open(PrivilegeLevel.USER).transform(lower -> {
        if (lower.failed()) {
          return Future.failedFuture(failure);
        }
        closeSession();
        return Future.failedFuture(new BmpException(ErrorCode.BMC_PRIVILEGE, "the BMC account '" + user
            + "' exists but may not take " + PrivilegeLevel.name(settings.privilege()) + " privilege"));
      });
    });
  }

  private Future<ClientSession> open(int privilege) {
    if (session != null) {
      return Future.succeededFuture(session);
    }
    CipherSuite suite = CipherSuite.byId(settings.cipherSuite());
    if (suite == null) {
      return Future.failedFuture(new BmpException(ErrorCode.BMC_UNSUPPORTED, "cipher suite " + settings.cipherSuite()
          + " is not one the driver speaks (0-3, 15-17)"));
    }
    int consoleId;
    do {
      consoleId = RANDOM.nextInt();
    } while (consoleId == 0);
    ClientHandshake handshake = new ClientHandshake(suite, user, password.get(), privilege, consoleId, RANDOM);
    byte[] openRequest = handshake.openSession();
    return attempt(() -> openRequest, handshake::onOpenSession)
        .compose(rakp1 -> attempt(() -> rakp1, handshake::onRakp2))
        .compose(rakp3 -> attempt(() -> rakp3, handshake::onRakp4))
        .compose(opened -> privilege <= PrivilegeLevel.USER ? Future.succeededFuture(opened) : raise(opened, privilege))
        .onSuccess(opened -> session = opened);
  }

  // A new session runs at User level until asked for more (IPMI 2.0 §6.8).
  private Future<ClientSession> raise(ClientSession opened, int privilege) {
    IpmiRequest request = opened.request(SetSessionPrivilegeLevel.ID, new SetSessionPrivilegeLevel.Request(privilege).encode());
    return exchange(opened, request).compose(response -> response.ok() ? Future.succeededFuture(opened)
        : Future.failedFuture(new BmpException(ErrorCode.BMC_PRIVILEGE, "the BMC account '" + user + "' may not take "
            + PrivilegeLevel.name(privilege) + " privilege (completion code " + String.format("%02Xh", response.completionCode())
            + ")")));
  }

  private Future<IpmiResponse> exchange(ClientSession s, IpmiRequest request) {
    return attempt(() -> s.datagram(request), datagram -> {
      IpmiResponse response = s.read(datagram);
      if (!response.answers(request)) {
        throw new IpmiDecodeException("an answer to another request");
      }
      return response;
    });
  }

  /** Sends what {@code out} gives, up to {@code attempts} times, until {@code answer} accepts a datagram. */
  private <T> Future<T> attempt(Supplier<byte[]> out, Answer<T> answer) {
    Promise<T> promise = Promise.promise();
    Pending<T> p = new Pending<>(answer, promise);
    pending = p;
    send(p, out, 0);
    return promise.future().andThen(done -> {
      if (pending == p) {
        pending = null;
      }
    });
  }

  private <T> void send(Pending<T> p, Supplier<byte[]> out, int attemptNumber) {
    if (p.promise.future().isComplete()) {
      return;
    }
    if (attemptNumber >= settings.attempts()) {
      p.promise.tryFail(new NoAnswer(everAnswered, host, port, settings.attempts()));
      return;
    }
    transport.send(host, port, out.get());
    p.timer = vertx.setTimer(Backoff.delay(settings.timeoutMillis(), attemptNumber), id -> send(p, out, attemptNumber + 1));
  }

  private void onDatagram(byte[] datagram) {
    Pending<?> p = pending;
    if (p != null) {
      p.offer(datagram);
    }
  }

  /** Reads a datagram: the awaited answer, an IpmiDecodeException to keep waiting, or a HandshakeFailure to give up. */
  @FunctionalInterface
  interface Answer<T> {
    T read(byte[] datagram) throws IpmiDecodeException, HandshakeFailure;
  }

  private final class Pending<T> {
    final Answer<T> answer;
    final Promise<T> promise;
    long timer = -1;

    Pending(Answer<T> answer, Promise<T> promise) {
      this.answer = answer;
      this.promise = promise;
    }

    void offer(byte[] datagram) {
      try {
        T value = answer.read(datagram);
        everAnswered = true;
        vertx.cancelTimer(timer);
        promise.tryComplete(value);
      } catch (IpmiDecodeException ignored) {
        // a stray, late or forged datagram: keep waiting for ours
      } catch (HandshakeFailure failure) {
        everAnswered = true;
        vertx.cancelTimer(timer);
        promise.tryFail(typed(failure));
      }
    }
  }

  private BmpException typed(HandshakeFailure failure) {
    ErrorCode code = switch (failure.reason()) {
      case AUTHENTICATION -> ErrorCode.BMC_AUTH_FAILED;
      case PRIVILEGE -> ErrorCode.BMC_PRIVILEGE;
      case BUSY -> ErrorCode.BMC_BUSY;
      case UNSUPPORTED, PROTOCOL -> ErrorCode.BMC_UNSUPPORTED;
    };
    return new BmpException(code, "BMC " + host + ":" + port + ": " + failure.getMessage());
  }

  /** Every attempt went unanswered; typed once we know whether a retry on a new session helped. */
  static final class NoAnswer extends RuntimeException {
    private final boolean answeredBefore;
    private final String where;
    private final int attempts;

    NoAnswer(boolean answeredBefore, String host, int port, int attempts) {
      super("no answer from BMC " + host + ":" + port + " after " + attempts + " attempts", null, false, false);
      this.answeredBefore = answeredBefore;
      this.where = host + ":" + port;
      this.attempts = attempts;
    }

    BmpException typed() {
      return answeredBefore
          ? new BmpException(ErrorCode.BMC_TIMEOUT, "BMC " + where + " stopped answering (" + attempts + " attempts)")
          : new BmpException(ErrorCode.BMC_UNREACHABLE, "no answer from BMC " + where + " after " + attempts + " attempts");
    }
  }
}
