package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.StepState;
import io.bmp.core.domain.Task;
import io.bmp.core.domain.TaskState;
import io.bmp.core.domain.TaskStep;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.core.storage.Ids;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskRepositoryTest extends StorageTestBase {

  TaskRepository tasks;
  Device device;

  @BeforeEach
  void setUp() {
    tasks = new TaskRepository(db);
    Room room = newRoom();
    device = new DeviceRepository(db).create(newDevice(room, null, uniqueSn(), uniqueBmc()))
        .await();
  }

  Task plan(String kind, String... stepKinds) {
    String id = Ids.next("task");
    List<TaskStep> steps = new java.util.ArrayList<>();
    for (int i = 0; i < stepKinds.length; i++) {
      steps.add(TaskStep.planned(Ids.next("step"), id, i, stepKinds[i], 3, 180_000));
    }
    return new Task(id, kind, device.id(), null, TaskState.PENDING, 0, "u-1", "{\"image\":\"i-1\"}", null, null,
        null, null, null, 0, steps);
  }

  @Test
  void aTaskIsStoredWithItsOrderedSteps() {
    Task task = tasks.create(plan("install", "dhcp.reserve", "driver.setBootPxe", "driver.powerCycle")).await();
    assertThat(task.state()).isEqualTo(TaskState.PENDING);
    assertThat(task.params()).contains("i-1");
    assertThat(task.steps()).extracting(TaskStep::kind)
        .containsExactly("dhcp.reserve", "driver.setBootPxe", "driver.powerCycle");
    assertThat(task.steps()).allMatch(s -> s.state() == StepState.PENDING && s.attempts() == 0);
    assertThat(tasks.unfinishedIds().await()).contains(task.id());
  }

  @Test
  void aDeviceHasAtMostOneActiveTask() {
    Task first = tasks.create(plan("install", "a")).await();
    assertThatThrownBy(() -> tasks.create(plan("power_on", "b")).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
          assertThat(e.getMessage()).contains(device.id());
        });
    // Once the first one finishes, the device takes a new task.
    tasks.finish(first, TaskState.SUCCEEDED, null, null).await();
    assertThat(tasks.create(plan("power_on", "b")).await().state()).isEqualTo(TaskState.PENDING);
    assertThat(tasks.unfinishedIds().await()).doesNotContain(first.id());
  }

  @Test
  void stepsRecordAttemptsProgressAndOutcome() {
    Task task = tasks.create(plan("install", "agent.writeImage")).await();
    TaskStep step = task.steps().get(0);
    Instant deadline = Instant.now().plusSeconds(600);
    TaskStep running = tasks.startStep(step, deadline).await();
    assertThat(running.state()).isEqualTo(StepState.RUNNING);
    assertThat(running.attempts()).isEqualTo(1);
    assertThat(running.deadlineAt()).isCloseTo(deadline, org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
    assertThat(tasks.get(task.id()).await().state()).isEqualTo(TaskState.RUNNING);

    TaskStep progressed = tasks.progress(running, 8 << 20, 16 << 20).await();
    assertThat(progressed.progressDone()).isEqualTo(8L << 20);
    TaskStep failed = tasks.finishStep(progressed, StepState.FAILED, "TIMEOUT", "agent did not answer", null).await();
    assertThat(failed.errorCode()).isEqualTo("TIMEOUT");

    TaskStep retried = tasks.startStep(failed, deadline).await();
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.errorCode()).isNull();
    String longResult = "x".repeat(100_000);
    TaskStep done = tasks.finishStep(retried, StepState.SUCCEEDED, null, null, longResult).await();
    assertThat(done.result()).hasSize(100_000);

    // Each write returns the record it wrote without reading it back: it must equal what is stored.
    for (TaskStep written : List.of(running, progressed, failed, retried)) {
      assertThat(written.version()).isLessThan(done.version());
    }
    assertThat(done).isEqualTo(tasks.step(done.id()).await());
  }

  @Test
  void everyStepWriteReturnsExactlyWhatIsStored() {
    Task task = tasks.create(plan("install", "agent.writeImage")).await();
    TaskStep step = task.steps().get(0);
    TaskStep running = tasks.startStep(step, Instant.now().plusMillis(123_456).plusNanos(789_123)).await();
    assertThat(running).isEqualTo(tasks.step(step.id()).await());
    TaskStep progressed = tasks.progress(running, 5, 10).await();
    assertThat(progressed).isEqualTo(tasks.step(step.id()).await());
    TaskStep waiting = tasks.attemptFailed(progressed, "TIMEOUT", "no answer").await();
    assertThat(waiting).isEqualTo(tasks.step(step.id()).await());
    TaskStep again = tasks.startStep(waiting, Instant.now().plusSeconds(5)).await();
    assertThat(again).isEqualTo(tasks.step(step.id()).await());
    TaskStep done = tasks.finishStep(again, StepState.SUCCEEDED, null, null, "{\"ok\":true}").await();
    assertThat(done).isEqualTo(tasks.step(step.id()).await());
  }

  @Test
  void aStepsEndAndTheNextStartAreWrittenTogetherAsEachAloneWouldBe() {
    Task task = tasks.create(plan("install", "dhcp.reserve", "driver.powerCycle")).await();
    TaskStep first = tasks.startStep(task.steps().get(0), Instant.now().plusSeconds(60)).await();
    Instant deadline = Instant.now().plusMillis(98_765).plusNanos(123_456);
    TaskRepository.Handover handover = tasks.finishAndStart(first, "{\"ok\":1}", task.steps().get(1), deadline).await();

    assertThat(handover.finished()).isEqualTo(tasks.step(first.id()).await());
    assertThat(handover.finished().state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(handover.finished().result()).isEqualTo("{\"ok\":1}");
    TaskStep started = handover.started().orElseThrow();
    assertThat(started).isEqualTo(tasks.step(started.id()).await());
    assertThat(started.state()).isEqualTo(StepState.RUNNING);
    assertThat(started.attempts()).isEqualTo(1);
    Task now = tasks.get(task.id()).await();
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
    assertThat(now.currentStep()).isEqualTo(1);
  }

  @Test
  void aCancelledTasksStepStillEndsButTheNextDoesNotStart() {
    Task task = tasks.create(plan("install", "dhcp.reserve", "driver.powerCycle")).await();
    TaskStep first = tasks.startStep(task.steps().get(0), Instant.now().plusSeconds(60)).await();
    // The task was cancelled after its first step's action began, but before a pending step was
    // touched: the task is no longer active (a cancel also ends the running step, see below).
    db.pool().query("UPDATE tasks SET state = 'cancelled', active = NULL WHERE id = '" + task.id() + "'").execute().await();

    TaskRepository.Handover handover = tasks.finishAndStart(first, null, task.steps().get(1), Instant.now()).await();
    assertThat(handover.started()).isEmpty();
    assertThat(tasks.step(first.id()).await().state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(tasks.step(task.steps().get(1).id()).await().state()).isEqualTo(StepState.PENDING);
    assertThat(tasks.get(task.id()).await().state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void aHandoverOfAStepChangedMeanwhileWritesNothing() {
    Task task = tasks.create(plan("install", "dhcp.reserve", "driver.powerCycle")).await();
    TaskStep first = tasks.startStep(task.steps().get(0), Instant.now().plusSeconds(60)).await();
    db.inTransaction(tx -> tasks.cancel(tx, task.id())).await(); // ends the running step too

    assertThatThrownBy(() -> tasks.finishAndStart(first, null, task.steps().get(1), Instant.now()).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    assertThat(tasks.step(first.id()).await().state()).isEqualTo(StepState.CANCELLED);
    assertThat(tasks.step(task.steps().get(1).id()).await().state()).isEqualTo(StepState.CANCELLED);

    Task other = tasks.create(plan("install", "dhcp.reserve", "driver.powerCycle")).await();
    TaskStep one = tasks.startStep(other.steps().get(0), Instant.now().plusSeconds(60)).await();
    TaskStep stale = other.steps().get(1);
    tasks.startStep(stale, Instant.now().plusSeconds(60)).await(); // the next step moved on under us
    int version = tasks.get(other.id()).await().version();
    assertThatThrownBy(() -> tasks.finishAndStart(one, null, stale, Instant.now()).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    assertThat(tasks.step(one.id()).await().state()).isEqualTo(StepState.RUNNING);
    assertThat(tasks.get(other.id()).await().version()).isEqualTo(version);
  }

  @Test
  void twoSchedulersCannotBothAdvanceTheSameStep() {
    Task task = tasks.create(plan("install", "driver.powerCycle")).await();
    TaskStep seen = task.steps().get(0);
    tasks.startStep(seen, Instant.now().plusSeconds(60)).await();
    assertThatThrownBy(() -> tasks.startStep(seen, Instant.now().plusSeconds(60)).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
  }

  @Test
  void aFinishedTaskCannotBeFinishedAgain() {
    Task task = tasks.create(plan("install", "a")).await();
    Task done = tasks.finish(task, TaskState.FAILED, "TIMEOUT", "boot not confirmed").await();
    assertThat(done.errorMessage()).isEqualTo("boot not confirmed");
    assertThat(done.finishedAt()).isNotNull();
    assertThatThrownBy(() -> tasks.finish(done, TaskState.SUCCEEDED, null, null).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
  }
}
