import { describe, it, expect } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { makeI18n } from '../../src/i18n/index.js'
import TaskTimeline from '../../src/components/TaskTimeline.vue'
import PageState from '../../src/components/PageState.vue'
import { ApiError } from '../../src/api.js'

const plugins = (locale = 'en-US') => [ElementPlus, makeI18n(locale)]

const task = {
  id: 't1', kind: 'install', state: 'running', createdAt: '2026-11-21T10:00:00Z', errorCode: null, errorMessage: null,
  steps: [
    { ordinal: 0, kind: 'dhcp.reserve', state: 'succeeded', attempts: 1, maxAttempts: 3, startedAt: '2026-11-21T10:00:00Z', finishedAt: '2026-11-21T10:00:01Z' },
    { ordinal: 1, kind: 'agent.write-image', state: 'running', attempts: 2, maxAttempts: 2, startedAt: '2026-11-21T10:00:01Z', progressDone: 3 << 20, progressTotal: 4 << 20 },
    { ordinal: 2, kind: 'guest.checkin', state: 'pending', attempts: 0, maxAttempts: 1 },
  ],
}

describe('TaskTimeline', () => {
  it('shows every step in order with its state, retries and progress', () => {
    const w = mount(TaskTimeline, { props: { task }, global: { plugins: plugins() } })
    const steps = w.findAll('[data-step]')
    expect(steps.map((s) => s.attributes('data-step'))).toEqual(['dhcp.reserve', 'agent.write-image', 'guest.checkin'])
    expect(steps.map((s) => s.attributes('data-step-state'))).toEqual(['succeeded', 'running', 'pending'])
    expect(steps[1].text()).toContain('Write the image')
    expect(steps[1].text()).toContain('3.0 MiB / 4.0 MiB')
    expect(steps[1].text()).toContain('Attempts 2/2')
    expect(w.find('.el-progress').exists()).toBe(true)
    // Only a running or pending task can be cancelled; only a failed one retried.
    expect(w.text()).toContain('Cancel task')
    expect(w.text()).not.toContain('Retry from failed step')
  })

  it('speaks Chinese and offers a retry for a failed task, with its error', async () => {
    const failed = { ...task, state: 'failed', errorCode: 'AGENT_TIMEOUT', errorMessage: 'no check-in before the deadline' }
    const w = mount(TaskTimeline, { props: { task: failed }, global: { plugins: plugins('zh-CN') } })
    expect(w.text()).toContain('写入镜像')
    expect(w.text()).toContain('no check-in before the deadline')
    const retry = w.findAll('button').find((b) => b.text() === '从失败步骤重试')
    expect(retry).toBeTruthy()
    await retry.trigger('click')
    expect(w.emitted('retry')[0][0].id).toBe('t1')
  })
})

describe('PageState', () => {
  const mountWith = (props) => mount(PageState, { props, slots: { default: '<p class="content">rows</p>' }, global: { plugins: plugins() } })
  it('shows an error with its message and a retry that asks the page to load again', async () => {
    const w = mountWith({ error: new ApiError(503, 'DATABASE_UNAVAILABLE', 'The database cannot be reached', null, 'req-9') })
    expect(w.find('[data-test="error-state"]').text()).toContain('The database cannot be reached')
    expect(w.text()).toContain('req-9')
    await w.find('button').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
    expect(w.find('.content').exists()).toBe(false)
  })
  it('shows the empty state, and the content once there is some', () => {
    expect(mountWith({ empty: true }).find('[data-test="empty-state"]').exists()).toBe(true)
    expect(mountWith({ loaded: false, loading: true }).find('[data-test="loading-state"]').exists()).toBe(true)
    expect(mountWith({ empty: false }).find('.content').exists()).toBe(true)
  })
})
