package io.bmp.api.agent;

import io.bmp.core.agent.AgentChannel;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Report;
import io.bmp.core.domain.AuditEntry;
import io.bmp.core.repo.AgentTokenRepository;
import io.bmp.core.repo.AgentTokenRepository.Holder;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' side of the agent channel, over HTTP under {@code /agent/v1}: the LiveOS agent
 * checks in with its one-time boot token and gets a session; with the session it long-polls its
 * own device's commands and reports on them; the installed OS confirms each boot with its guest
 * token. A token is the only identity an agent has: the device of every report is the session's,
 * whatever the body claims, and a claim for another device is refused and audited.
 */
public final class AgentGateway {

  public static final String PREFIX = "/agent/v1";

  private static final Logger LOG = LoggerFactory.getLogger(AgentGateway.class);
  private static final long MAX_WAIT_MILLIS = 30_000;
  private static final int BODY_LIMIT = 1 << 20;

  private final Vertx vertx;
  private final AgentTokenRepository tokens;
  private final AgentChannel agents;
  private final AuditLogRepository audit;

  public AgentGateway(Vertx vertx, AgentTokenRepository tokens, AgentChannel agents, AuditLogRepository audit) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.agents = agents;
    this.audit = audit;
  }

  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.post(PREFIX + AgentContract.PATH_CHECKIN).handler(this::checkin);
    router.get(PREFIX + AgentContract.PATH_COMMANDS).handler(ctx -> withSession(ctx, holder -> commands(ctx, holder)));
    router.post(PREFIX + AgentContract.PATH_REPORTS).handler(ctx -> withSession(ctx, holder -> report(ctx, holder)));
    router.post(PREFIX + AgentContract.PATH_GUEST_CHECKIN).handler(this::guestCheckin);
    router.route().handler(ctx -> error(ctx, 404, "NOT_FOUND", "no such agent resource"));
    return router;
  }

  private void checkin(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      error(ctx, 401, "UNAUTHENTICATED", "a boot token is needed (Authorization: Bearer)");
      return;
    }
    JsonObject body = body(ctx);
    tokens.checkIn(token).compose(found -> {
      if (found.isEmpty()) {
        return refuse(ctx, null, "agentCheckin", "unknown, expired or already used boot token");
      }
      Holder holder = found.get().getKey();
      return agents.report(Report.checkin(holder.device(), holder.taskId(), body))
          .onSuccess(v -> {
            LOG.info("AGENT-CHECKIN device {} task {}", holder.device(), holder.taskId());
            json(ctx, 200, new JsonObject().put("device", holder.device()).put("taskId", holder.taskId())
                .put("session", found.get().getValue()));
          });
    }).onFailure(e -> failed(ctx, e));
  }

  private void guestCheckin(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      error(ctx, 401, "UNAUTHENTICATED", "a guest token is needed (Authorization: Bearer)");
      return;
    }
    JsonObject body = body(ctx);
    tokens.guestCheckIn(token).compose(found -> {
      if (found.isEmpty()) {
        return refuse(ctx, null, "guestCheckin", "unknown or revoked guest token");
      }
      Holder holder = found.get();
      return agents.report(Report.guestCheckin(holder.device(), holder.instanceId(), body))
          .onSuccess(v -> {
            LOG.info("GUEST-CHECKIN device {} instance {}", holder.device(), holder.instanceId());
            json(ctx, 200, new JsonObject().put("device", holder.device()).put("instanceId", holder.instanceId()));
          });
    }).onFailure(e -> failed(ctx, e));
  }

  private void commands(RoutingContext ctx, Holder holder) {
    long wait = Math.min(MAX_WAIT_MILLIS, Math.max(0, parseLong(ctx.request().getParam("waitMillis"), 25_000)));
    agents.next(holder.device(), wait).onSuccess(delivery -> {
      if (delivery == null) {
        ctx.response().setStatusCode(204).end();
        return;
      }
      if (ctx.response().closed()) {
        delivery.release(); // the agent left while it waited: keep the command for its next poll
        return;
      }
      // The session may have ended while the poll waited (its task finished, the machine rebooted
      // into a new LiveOS with a new session): a stale agent must not take the next task's command.
      tokens.session(bearer(ctx)).onComplete(still -> {
        if (still.failed()) {
          delivery.release();
          failed(ctx, still.cause()); // the database, not the agent: it asks again later
          return;
        }
        if (still.result().isEmpty() || !holder.equals(still.result().get())) {
          delivery.release();
          error(ctx, 401, "UNAUTHENTICATED", "the agent session ended while it waited");
          return;
        }
        hand(ctx, delivery);
      });
    }).onFailure(e -> failed(ctx, e));
  }

  private void hand(RoutingContext ctx, AgentChannel.Delivery delivery) {
    ctx.response().putHeader("Content-Type", "application/json").setStatusCode(200)
        .end(delivery.command().toJson().encode())
        .onComplete(sent -> {
          if (sent.succeeded()) {
            delivery.ack();
          } else {
            delivery.release();
          }
        });
  }

  private void report(RoutingContext ctx, Holder holder) {
    JsonObject body = body(ctx);
    if (body == null) {
      error(ctx, 400, "MALFORMED_REQUEST", "the report must be a JSON object");
      return;
    }
    Report report = Report.fromJson(body);
    if (report.kind() == null || !(report.kind().equals(AgentContract.PROGRESS) || report.kind().equals(AgentContract.RESULT))) {
      error(ctx, 400, "INVALID_ARGUMENT", "kind must be progress or result");
      return;
    }
    if (report.device() != null && !report.device().equals(holder.device())) {
      refuse(ctx, holder, "agentReport", "report claims device " + report.device() + " but the session is of "
          + holder.device()).onFailure(e -> failed(ctx, e));
      return;
    }
    agents.report(report.from(holder.device()))
        .onSuccess(v -> ctx.response().setStatusCode(202).end())
        .onFailure(e -> failed(ctx, e));
  }

  private void withSession(RoutingContext ctx, java.util.function.Consumer<Holder> then) {
    String token = bearer(ctx);
    if (token == null) {
      error(ctx, 401, "UNAUTHENTICATED", "a session is needed (Authorization: Bearer); check in first");
      return;
    }
    tokens.session(token).onSuccess(found -> {
      if (found.isEmpty()) {
        refuse(ctx, null, "agentSession", "unknown or ended agent session").onFailure(e -> failed(ctx, e));
      } else {
        then.accept(found.get());
      }
    }).onFailure(e -> failed(ctx, e));
  }

  /** Answers 401 (403 for a known agent overstepping) and writes the refusal to the audit log. */
  private Future<Void> refuse(RoutingContext ctx, Holder holder, String operation, String why) {
    String source = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
    LOG.warn("AGENT-REFUSED {} from {}: {}", operation, source, why);
    return audit.append(new AuditEntry(Ids.next("aud"), Instant.now(), null,
            holder == null ? "agent" : "agent:" + holder.device(), operation, "device",
            holder == null ? null : holder.device(), null, "refused", holder == null ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
            why, null, source))
        .onComplete(r -> {
          if (holder == null) {
            error(ctx, 401, "UNAUTHENTICATED", why);
          } else {
            error(ctx, 403, "PERMISSION_DENIED", why);
          }
        });
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() || token.length() > 200 ? null : token;
  }

  private static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      return ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static long parseLong(String value, long otherwise) {
    try {
      return value == null ? otherwise : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader("Content-Type", "application/json").setStatusCode(status).end(body.encode());
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    LOG.warn("AGENT-GATEWAY {} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
    error(ctx, 503, "COMPONENT_UNAVAILABLE", "the agent gateway cannot serve this now; try again");
  }
}
