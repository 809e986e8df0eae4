// The live install timeline's logic, kept apart from the view so it is unit-tested: how an event
// of GET /v1/events changes the tasks read from GET /v1/tasks.

const TERMINAL = ['succeeded', 'failed', 'cancelled']

export function isTerminal(state) {
  return TERMINAL.includes(state)
}

/**
 * Applies one event to `tasks` (as GET /v1/tasks returns them), in place. Returns true when the
 * tasks should be read again: an event of a task or step not known yet (a new task began), or a
 * task that ended (its end time and the instance's new status come from the server).
 */
export function applyEvent(tasks, event) {
  const task = tasks.find((t) => t.id === event.taskId)
  if (!task) return true
  if (event.type === 'task') {
    task.state = event.state
    task.errorCode = event.errorCode ?? null
    task.errorMessage = event.errorMessage ?? null
    return isTerminal(event.state)
  }
  if (event.type !== 'step') return false
  const step = (task.steps || []).find((s) => s.ordinal === event.ordinal)
  if (!step) return true
  step.state = event.state
  if (event.attempts !== undefined) step.attempts = event.attempts
  if (event.done !== undefined) step.progressDone = event.done
  if (event.total !== undefined) step.progressTotal = event.total
  if (event.startedAt !== undefined) step.startedAt = event.startedAt
  if (event.finishedAt !== undefined) step.finishedAt = event.finishedAt
  step.errorCode = event.errorCode ?? null
  step.errorMessage = event.errorMessage ?? null
  step.durationMillis = step.startedAt && step.finishedAt ? Date.parse(step.finishedAt) - Date.parse(step.startedAt) : null
  if (task.state === 'pending') task.state = 'running'
  task.currentStep = event.ordinal
  return false
}

/** Percent done of a step (0..100), or null when it reports no progress. */
export function percent(step) {
  if (step.state === 'succeeded') return 100
  if (step.progressTotal > 0 && step.progressDone !== null && step.progressDone !== undefined) {
    return Math.min(100, Math.floor((step.progressDone * 100) / step.progressTotal))
  }
  return null
}

/** How long a step ran, or has been running (`now` in ms). */
export function elapsed(step, now = Date.now()) {
  if (!step.startedAt) return null
  const end = step.finishedAt ? Date.parse(step.finishedAt) : now
  return Math.max(0, end - Date.parse(step.startedAt))
}
