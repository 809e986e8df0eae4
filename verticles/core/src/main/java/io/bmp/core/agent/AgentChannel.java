package io.bmp.core.agent;

import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The channel between the scheduler and the agents: a queue of commands per device and one stream
 * of reports. Two implementations with the same behaviour: {@link LocalAgentChannel} (in-process,
 * all-in-one) and {@code RabbitAgentChannel} (durable RabbitMQ queues, production).
 *
 * <p>The agent itself always talks HTTP to the api's agent gateway (the gateway holds the other end
 * of this channel): a LiveOS boots from a config that travels in clear text and must not carry
 * broker credentials, so the agent proves itself with its one-time token to the gateway instead.
 *
 * <p>Delivery is at least once. The scheduler does not lose a step when a command or report is
 * lost: the step's deadline re-issues the command under a new id (see {@link Command#id}).
 */
public interface AgentChannel {

  /** Queues a command for its device's agent; completes once the command is held durably (where the channel can). */
  Future<Void> send(Command command);

  /**
   * Gateway side: the device's next command, waiting up to {@code waitMillis}; null when none came.
   * The caller acknowledges the delivery once it has handed the command to the agent, or releases
   * it (back to the head of the queue) when it could not.
   */
  Future<Delivery> next(String device, long waitMillis);

  /** Gateway side: passes on a report from an agent; completes once it is held durably. */
  Future<Void> report(Report report);

  /**
   * Scheduler side: where reports go. A report is acknowledged when the handler's future succeeds;
   * a failed future means the report can never be handled (a poison message) and it is set aside
   * (RabbitMQ: the dead-letter queue) rather than redelivered forever.
   */
  void onReports(Function<Report, Future<Void>> handler);

  /** Drops what is still queued for the device (a task that starts must not see an older task's commands). */
  Future<Void> purge(String device);

  Future<Void> close();

  /** A command taken from a device's queue and not yet acknowledged. */
  interface Delivery {
    Command command();

    void ack();

    void release();

    /** A delivery whose acknowledgement and release are the given actions. */
    static Delivery of(Command command, Runnable ack, Runnable release) {
      return new Delivery() {
        @Override
        public Command command() {
          return command;
        }

        @Override
        public void ack() {
          ack.run();
        }

        @Override
        public void release() {
          release.run();
        }
      };
    }
  }
}
