package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/** One operation on one device, as an ordered list of steps. */
public record Task(
    String id, String kind, String deviceId, String instanceId, TaskState state, int currentStep,
    String requestedBy, String params, String errorCode, String errorMessage, Instant createdAt,
    Instant startedAt, Instant finishedAt, int version, List<TaskStep> steps) {

  public Task {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
