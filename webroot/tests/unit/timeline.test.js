import { describe, it, expect } from 'vitest'
import { applyEvent, percent, elapsed, isTerminal } from '../../src/timeline.js'

const task = () => ({
  id: 't1', kind: 'install', state: 'pending', currentStep: 0,
  steps: [
    { ordinal: 0, kind: 'dhcp.reserve', state: 'pending', attempts: 0, maxAttempts: 3 },
    { ordinal: 1, kind: 'agent.write-image', state: 'pending', attempts: 0, maxAttempts: 2 },
  ],
})

describe('applyEvent', () => {
  it('moves a step along and marks its task running', () => {
    const tasks = [task()]
    const reload = applyEvent(tasks, { type: 'step', taskId: 't1', ordinal: 1, state: 'running', attempts: 1, done: 512, total: 2048,
      startedAt: '2026-11-21T10:00:00Z', finishedAt: null, errorCode: null })
    expect(reload).toBe(false)
    const step = tasks[0].steps[1]
    expect(step).toMatchObject({ state: 'running', attempts: 1, progressDone: 512, progressTotal: 2048 })
    expect(tasks[0].state).toBe('running')
    expect(tasks[0].currentStep).toBe(1)
    expect(percent(step)).toBe(25)
  })

  it('computes the duration of a finished step from its times', () => {
    const tasks = [task()]
    applyEvent(tasks, { type: 'step', taskId: 't1', ordinal: 0, state: 'succeeded', attempts: 1,
      startedAt: '2026-11-21T10:00:00Z', finishedAt: '2026-11-21T10:00:02.500Z' })
    expect(tasks[0].steps[0].durationMillis).toBe(2500)
    expect(elapsed(tasks[0].steps[0])).toBe(2500)
  })

  it('asks for a reload for a task it does not know or a step outside the task', () => {
    expect(applyEvent([task()], { type: 'step', taskId: 'other', ordinal: 0, state: 'running' })).toBe(true)
    expect(applyEvent([task()], { type: 'step', taskId: 't1', ordinal: 9, state: 'running' })).toBe(true)
  })

  it('asks for a reload when the task ends, and keeps its error', () => {
    const tasks = [task()]
    expect(applyEvent(tasks, { type: 'task', taskId: 't1', state: 'running' })).toBe(false)
    expect(applyEvent(tasks, { type: 'task', taskId: 't1', state: 'failed', errorCode: 'AGENT_TIMEOUT', errorMessage: 'no check-in' })).toBe(true)
    expect(tasks[0]).toMatchObject({ state: 'failed', errorCode: 'AGENT_TIMEOUT', errorMessage: 'no check-in' })
  })
})

describe('percent and elapsed', () => {
  it('says 100 for a finished step and nothing for a step without progress', () => {
    expect(percent({ state: 'succeeded' })).toBe(100)
    expect(percent({ state: 'running', progressDone: null, progressTotal: null })).toBeNull()
    expect(percent({ state: 'running', progressDone: 5000, progressTotal: 4000 })).toBe(100)
  })
  it('counts a running step up to now', () => {
    expect(elapsed({ startedAt: '2026-11-21T10:00:00Z' }, Date.parse('2026-11-21T10:01:00Z'))).toBe(60000)
    expect(elapsed({})).toBeNull()
  })
  it('knows the terminal states', () => {
    expect(['succeeded', 'failed', 'cancelled'].every(isTerminal)).toBe(true)
    expect(isTerminal('running')).toBe(false)
  })
})
