package io.bmp.core.domain;

import java.time.Instant;

/**
 * One step of a task, with everything needed to resume it after a crash: how often it was tried,
 * by when it must finish, how far it got and why it failed.
 */
public record TaskStep(
    String id, String taskId, int ordinal, String kind, StepState state, int attempts, int maxAttempts,
    long timeoutMillis, Instant deadlineAt, Instant startedAt, Instant finishedAt, Long progressDone,
    Long progressTotal, String errorCode, String errorMessage, String result, int version) {

  /** A step as planned: pending, never tried. */
  public static TaskStep planned(String id, String taskId, int ordinal, String kind, int maxAttempts, long timeoutMillis) {
    return new TaskStep(id, taskId, ordinal, kind, StepState.PENDING, 0, maxAttempts, timeoutMillis,
        null, null, null, null, null, null, null, null, 0);
  }

  /** The same step having got this far: what the live view shows between the progress writes. */
  public TaskStep withProgress(long done, long total) {
    return new TaskStep(id, taskId, ordinal, kind, state, attempts, maxAttempts, timeoutMillis, deadlineAt, startedAt,
        finishedAt, done, total, errorCode, errorMessage, result, version);
  }
}
