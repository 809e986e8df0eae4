package io.bmp.core.contract;

import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import java.util.List;

/**
 * The scheduler component's event-bus contract: the persisted task/step machine that drives every install, power and inventory flow.
 *
 * <p>Served on {@link #ADDRESS}. Actions so far: {@link HealthContract#HEALTH}. Each action this
 * component gains is added here with its request and reply records, and those records are listed
 * in {@link #RECORDS}.
 */
public final class SchedulerContract {

  public static final Component COMPONENT = Component.SCHEDULER;

  public static final String ADDRESS = COMPONENT.address(null);

  /**
   * Published (body {@code {"taskId": …}}) when a task has been recorded and waits to run. The
   * task is durable in the database before this is published, so a scheduler that misses the
   * message still finds the task when it starts: the message only saves it the wait.
   */
  public static final String TASK_SUBMITTED = "bmp.scheduler.task-submitted";

  /**
   * Published (body {@code {"taskId": …}}) after the api cancelled a task in the database: the
   * scheduler stops waiting on the task's agent and check-in steps and voids its LiveOS token.
   */
  public static final String TASK_CANCELLED = "bmp.scheduler.task-cancelled";

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of();

  private SchedulerContract() {}

  public static Endpoint endpoint() {
    return COMPONENT.endpoint(null);
  }
}
