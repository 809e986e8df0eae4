package io.bmp.api.http;

import io.bmp.api.auth.Authenticator;
import io.bmp.api.auth.Caller;
import io.bmp.core.error.BmpException;
import io.bmp.core.repo.AuditLogRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audits calls refused before the router knows their operation: an API key that is not valid
 * (401) and a body over the limit (413). Those refusals happen in root handlers, ahead of the
 * operation's route, so the operation is found here from the document's paths; a refused call
 * to an audited operation gets the same entry a refusal by the operation itself would, with the
 * caller when one is known and the path's {@code id} as target.
 */
public final class EarlyRefusals {

  private record Template(String method, Pattern path, int idGroup, String audit, int literalLength) {}

  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  private final Auditor auditor;
  private final List<Template> templates = new ArrayList<>();

  public EarlyRefusals(AuditLogRepository log, JsonObject document) {
    this.auditor = new Auditor(log);
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.getString("x-bmp-audit") != null) {
          templates.add(template(method.toUpperCase(Locale.ROOT), path, op.getString("x-bmp-audit")));
        }
      }
    }
    // A literal segment wins over a parameter (/v1/devices/import before /v1/devices/{id}), as in the router.
    templates.sort(Comparator.comparingInt(Template::literalLength).reversed());
  }

  private static Template template(String method, String path, String audit) {
    StringBuilder regex = new StringBuilder("^");
    Matcher parameter = PARAMETER.matcher(path);
    int last = 0;
    int group = 0;
    int idGroup = -1;
    int literal = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(path.substring(last, parameter.start()))).append("([^/]+)");
      literal += parameter.start() - last;
      group++;
      if (parameter.group(1).equals("id")) {
        idGroup = group;
      }
      last = parameter.end();
    }
    regex.append(Pattern.quote(path.substring(last))).append('$');
    literal += path.length() - last;
    return new Template(method, Pattern.compile(regex.toString()), idGroup, audit, literal);
  }

  /** Records the refusal when the call was meant for an audited operation; never fails. */
  public Future<Void> record(RoutingContext ctx, BmpException refusal) {
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    for (Template t : templates) {
      Matcher m;
      if (t.method().equals(method) && (m = t.path().matcher(path)).matches()) {
        Caller caller = ctx.get(Authenticator.CALLER_KEY);
        return auditor.record(t.audit(), new Call(ctx, caller, I18n.EN), t.idGroup() < 0 ? null : m.group(t.idGroup()),
            refusal);
      }
    }
    return Future.succeededFuture();
  }

  /**
   * The router's failure handler: a body refused by the body handler's own limit (413) is
   * recorded before the error is sent; every other failure goes straight to {@link ErrorResponses}.
   */
  public Handler<RoutingContext> failureHandler() {
    return ctx -> {
      boolean tooLarge = ctx.statusCode() == 413
          || (ctx.failure() instanceof HttpException http && http.getStatusCode() == 413);
      if (!tooLarge) {
        ErrorResponses.handle(ctx);
        return;
      }
      record(ctx, ErrorResponses.translate(ctx.failure(), 413)).onComplete(v -> ErrorResponses.handle(ctx));
    };
  }
}
