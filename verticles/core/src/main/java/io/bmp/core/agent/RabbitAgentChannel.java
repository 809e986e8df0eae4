package io.bmp.core.agent;

import com.rabbitmq.client.AMQP;
import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production agent channel on RabbitMQ: a durable queue of commands per device
 * ({@code <prefix>.commands.<device>}), one durable queue of reports ({@code <prefix>.reports}),
 * persistent messages published with confirms (a send or report completes once the broker holds
 * it), manual acknowledgements on both sides, and a dead-letter queue ({@code <prefix>.dead}) for
 * reports the scheduler can never take, so that a poison message is kept for a person to read
 * rather than redelivered forever.
 *
 * <p>The gateway takes a device's next command with {@code basic.get} every {@code pollMillis}
 * while its agent's long poll waits (a consumer per waiting agent would hold a broker consumer per
 * machine in its LiveOS for little gain); a command handed over is acknowledged, one that could
 * not be is rejected with requeue and comes back first. The scheduler consumes reports with a
 * bounded prefetch and acknowledges each once its handler has recorded it: a scheduler that dies
 * with reports in hand gets them again after its restart.
 */
public final class RabbitAgentChannel implements AgentChannel {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitAgentChannel.class);
  private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;
  private static final int REPORT_PREFETCH = 64;

  /**
   * Where the broker is and how the channel names its queues. {@code queueExpiresMillis} (0: never)
   * lets the broker drop a queue nobody used for that long: for test runs, whose queues are theirs alone.
   */
  public record Settings(String uri, String prefix, long pollMillis, long queueExpiresMillis) {
    public Settings(String uri, String prefix, long pollMillis) {
      this(uri, prefix, pollMillis, 0);
    }

    public static Settings from(JsonObject section) {
      return new Settings(section.getString("uri", "amqp://guest:guest@127.0.0.1:5672"),
          section.getString("prefix", "bmp.agent"), section.getLong("pollMillis", 200L),
          section.getLong("queueExpiresMillis", 0L));
    }
  }

  private final Vertx vertx;
  private final RabbitMQClient client;
  private final Settings settings;
  private final Map<String, Future<Void>> declared = new ConcurrentHashMap<>();
  private volatile RabbitMQConsumer consumer;
  /** The last release sent: a poll waits for it, so that a released command is had again before the next. */
  private volatile Future<Void> releasing = Future.succeededFuture();
  private volatile boolean closed;

  private RabbitAgentChannel(Vertx vertx, RabbitMQClient client, Settings settings) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
  }

  /** Connects, switches the channel to publisher confirms and declares the shared queues. */
  public static Future<AgentChannel> open(Vertx vertx, Settings settings) {
    RabbitMQClient client = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(settings.uri())
        .setAutomaticRecoveryEnabled(true).setReconnectAttempts(Integer.MAX_VALUE).setReconnectInterval(2000)
        .setConnectionName("bmp-agent-channel"));
    RabbitAgentChannel channel = new RabbitAgentChannel(vertx, client, settings);
    return client.start().compose(v -> channel.topology()).<AgentChannel>map(channel)
        .onSuccess(c -> LOG.info("AGENT-CHANNEL rabbitmq {} prefix={}", redacted(settings.uri()), settings.prefix()))
        .recover(e -> client.stop().otherwiseEmpty().transform(v -> Future.failedFuture(e)));
  }

  /**
   * Confirms on, the dead-letter exchange and queue, the reports queue. The broker keeps them (all
   * durable); after a lost connection the client's automatic recovery re-opens the channel with
   * confirms and the report consumer.
   */
  private Future<Void> topology() {
    return client.confirmSelect()
        .compose(v -> client.exchangeDeclare(dlx(), "fanout", true, false))
        .compose(v -> client.queueDeclare(dead(), true, false, false, expiring(new JsonObject())))
        .compose(v -> client.queueBind(dead(), dlx(), ""))
        .compose(v -> client.queueDeclare(reports(), true, false, false, deadLettered()))
        .compose(v -> client.basicQos(REPORT_PREFETCH))
        .mapEmpty();
  }

  String commands(String device) {
    return settings.prefix() + ".commands." + device;
  }

  String reports() {
    return settings.prefix() + ".reports";
  }

  String dead() {
    return settings.prefix() + ".dead";
  }

  private String dlx() {
    return settings.prefix() + ".dlx";
  }

  private JsonObject deadLettered() {
    return expiring(new JsonObject().put("x-dead-letter-exchange", dlx()));
  }

  private JsonObject expiring(JsonObject arguments) {
    return settings.queueExpiresMillis() > 0 ? arguments.put("x-expires", settings.queueExpiresMillis()) : arguments;
  }

  private Future<Void> declare(String device) {
    return declared.computeIfAbsent(device, d -> client.queueDeclare(commands(d), true, false, false, deadLettered())
            .<Void>mapEmpty()
        .onFailure(e -> declared.remove(d)));
  }

  @Override
  public Future<Void> send(Command command) {
    return declare(command.device()).compose(v -> publish(commands(command.device()), command.id(), command.toJson()));
  }

  private Future<Void> publish(String queue, String id, JsonObject body) {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
        .contentType("application/json").messageId(id).build();
    return client.basicPublish("", queue, properties, body.toBuffer())
        .compose(v -> client.waitForConfirms(CONFIRM_TIMEOUT_MILLIS));
  }

  @Override
  public Future<Delivery> next(String device, long waitMillis) {
    long deadline = System.currentTimeMillis() + Math.max(0, waitMillis);
    Promise<Delivery> result = Promise.promise();
    declare(device).onSuccess(v -> poll(device, deadline, result)).onFailure(result::fail);
    return result.future();
  }

  private void poll(String device, long deadline, Promise<Delivery> result) {
    if (closed) {
      result.tryComplete(null);
      return;
    }
    releasing.transform(r -> client.basicGet(commands(device), false)).onComplete(got -> {
      if (got.failed()) {
        result.tryFail(got.cause());
        return;
      }
      RabbitMQMessage message = got.result();
      if (message != null) {
        result.tryComplete(delivery(message));
        return;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        result.tryComplete(null);
      } else {
        vertx.setTimer(Math.max(1, Math.min(settings.pollMillis(), left)), t -> poll(device, deadline, result));
      }
    });
  }

  private Delivery delivery(RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    Command command = Command.fromJson(new JsonObject(message.body()));
    return Delivery.of(command,
        () -> client.basicAck(tag, false)
            .onFailure(e -> LOG.warn("AGENT-CHANNEL ack of {} failed: {}", command.id(), e.toString())),
        () -> releasing = client.basicNack(tag, false, true)
            .onFailure(e -> LOG.warn("AGENT-CHANNEL release of {} failed: {}", command.id(), e.toString())));
  }

  @Override
  public Future<Void> report(Report report) {
    return publish(reports(), report.commandId() == null ? report.kind() : report.commandId(), report.toJson());
  }

  @Override
  public void onReports(Function<Report, Future<Void>> handler) {
    client.basicConsumer(reports(), new QueueOptions().setAutoAck(false).setMaxInternalQueueSize(REPORT_PREFETCH * 2))
        .onSuccess(c -> {
          consumer = c;
          c.handler(message -> take(handler, message));
        })
        .onFailure(e -> LOG.error("AGENT-CHANNEL cannot consume {}: {}", reports(), e.toString()));
  }

  private void take(Function<Report, Future<Void>> handler, RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    Future<Void> handled;
    try {
      handled = handler.apply(Report.fromJson(new JsonObject(message.body())));
    } catch (RuntimeException unreadable) {
      handled = Future.failedFuture(unreadable);
    }
    handled.onComplete(done -> {
      if (done.succeeded()) {
        client.basicAck(tag, false);
      } else {
        // Never requeued: a report that failed once fails again. The dead-letter queue keeps it.
        LOG.warn("AGENT-CHANNEL report set aside in {}: {}", dead(), done.cause().toString());
        client.basicNack(tag, false, false);
      }
    });
  }

  @Override
  public Future<Void> purge(String device) {
    return declare(device).compose(v -> drain(commands(device)));
  }

  // The Vert.x client has no queue.purge; a device's queue holds a few commands at most, taken here one by one.
  private Future<Void> drain(String queue) {
    return client.basicGet(queue, true).compose(m -> m == null ? Future.<Void>succeededFuture() : drain(queue));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    RabbitMQConsumer c = consumer;
    return (c == null ? Future.<Void>succeededFuture() : c.cancel().otherwiseEmpty())
        .compose(v -> client.stop().otherwiseEmpty());
  }

  /** For tests: the queues this channel made, so that a test can remove them again. */
  public Future<Void> deleteQueues(String... devices) {
    Future<Void> chain = Future.succeededFuture();
    for (String device : devices) {
      chain = chain.compose(v -> client.queueDelete(commands(device)).<Void>mapEmpty().otherwiseEmpty());
    }
    return chain.compose(v -> client.queueDelete(reports()).<Void>mapEmpty().otherwiseEmpty())
        .compose(v -> client.queueDelete(dead()).<Void>mapEmpty().otherwiseEmpty())
        .compose(v -> client.exchangeDelete(dlx()).<Void>mapEmpty().otherwiseEmpty());
  }

  /** Reads the dead-letter queue's next message (tests and operators' tools), or null. */
  public Future<JsonObject> nextDead() {
    return client.basicGet(dead(), true).map(m -> m == null ? null : new JsonObject(m.body()));
  }

  private static String redacted(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }
}
