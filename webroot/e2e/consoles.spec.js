// The operator shelves a lab machine and adds a tenant; the tenant creates an instance, watches
// its install timeline reach `running` live, and switches to Chinese. A screenshot of every main
// page lands in e2e/target/screenshots; any browser console error fails the test.
import { test, expect } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { operatorUrl, tenantUrl, ADMIN_PASSWORD, TENANT } from './node.js'

const SHOTS = 'e2e/target/screenshots'
mkdirSync(SHOTS, { recursive: true })
test.describe.configure({ mode: 'serial' })

/** Collects console errors and uncaught exceptions of the page; the test checks there are none. */
function watchConsole(page) {
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`) })
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`))
  return errors
}

async function shot(page, name) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** An Element Plus input by its data-test: the attribute lands on the <input> itself or on its wrapper. */
function field(page, id) {
  return page.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input`).first()
}

async function logIn(page, url, username, password) {
  await page.goto(url)
  await field(page, 'username').fill(username)
  await field(page, 'password').fill(password)
  await page.getByTestId('login-submit').click()
}

test('the operator sees the lab machines, shelves one and adds a tenant', async ({ page }) => {
  const errors = watchConsole(page)
  await page.goto(operatorUrl)
  await shot(page, 'operator-login')
  await logIn(page, operatorUrl, 'admin', ADMIN_PASSWORD)
  await expect(page.getByTestId('device-table')).toBeVisible()
  for (const sn of ['LAB-0001', 'LAB-0002', 'LAB-0003']) {
    await expect(page.getByTestId(`device-${sn}`)).toBeVisible()
  }
  await shot(page, 'operator-devices')

  // Take LAB-0003 off the shelf, then put it back: two tasks, each watched to its end.
  await page.getByTestId('unshelve-LAB-0003').click()
  await expect(async () => {
    await page.getByTestId('devices-refresh').click()
    await expect(page.getByTestId('device-state-LAB-0003')).toHaveAttribute('data-state', 'in_stock', { timeout: 1000 })
  }).toPass({ timeout: 120_000 })
  await page.getByTestId('shelve-LAB-0003').click()
  await expect(async () => {
    await page.getByTestId('devices-refresh').click()
    await expect(page.getByTestId('device-state-LAB-0003')).toHaveAttribute('data-state', 'ready', { timeout: 1000 })
  }).toPass({ timeout: 180_000 })

  await page.getByTestId('device-LAB-0003').click()
  await page.getByRole('tab', { name: 'Task history' }).click()
  await expect(page.locator('[data-task-state="succeeded"]').first()).toBeVisible()
  // Shelving checks the machine's BMC over IPMI (the lab's simulated BMC).
  await expect(page.locator('[data-step="driver.check"][data-step-state="succeeded"]').first()).toBeVisible()
  await shot(page, 'operator-device-detail')

  for (const [nav, name] of [['device-types', 'operator-device-types'], ['images', 'operator-images'], ['rooms', 'operator-rooms'], ['audit', 'operator-audit']]) {
    await page.getByTestId(`nav-${nav}`).click()
    await expect(page.locator('.el-table').first()).toBeVisible()
    await shot(page, name)
  }

  await page.getByTestId('nav-users').click()
  await page.getByTestId('add-user').click()
  await field(page, 'new-username').fill(TENANT.username)
  await field(page, 'new-password').fill(TENANT.password)
  await page.getByTestId('new-role').getByText('User', { exact: true }).click()
  await page.getByTestId('create-user').click()
  await expect(page.getByTestId('user-table').getByText(TENANT.username)).toBeVisible()
  await shot(page, 'operator-users')
  expect(errors).toEqual([])
})

test('a tenant creates an instance and watches it install live, then switches to Chinese', async ({ page }) => {
  const errors = watchConsole(page)
  await logIn(page, tenantUrl, TENANT.username, TENANT.password)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await shot(page, 'tenant-instances-empty')

  await page.getByTestId('create-instance').click()
  // One room and one device type with stock: the wizard picks them; the image is ours to choose.
  await expect(page.getByTestId('create-type').locator('label.is-checked')).toBeVisible()
  await page.getByTestId('create-image').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: 'raw' }).first().click()
  await field(page, 'create-name').fill('web-e2e')
  await field(page, 'create-password').fill('Web-e2e-pass1')
  await field(page, 'create-password2').fill('Web-e2e-pass1')
  await shot(page, 'tenant-create')
  await page.getByTestId('create-submit').click()

  // The detail page follows the install through GET /v1/events: no reload from here on.
  await expect(page.getByTestId('instance-name')).toHaveText('web-e2e')
  await expect(page.locator('.live[data-live="live"]')).toBeVisible()
  const timeline = page.getByTestId('timeline')
  await expect(timeline.locator('[data-step="agent.checkin"]')).toBeVisible()
  await expect(timeline.locator('[data-step-state="running"], [data-step-state="succeeded"]').first()).toBeVisible()
  await shot(page, 'tenant-install-running')
  await expect(page.locator('[data-test="instance-status"]')).toHaveAttribute('data-state', 'running', { timeout: 240_000 })
  await expect(timeline).toHaveAttribute('data-task-state', 'succeeded')
  await expect(timeline.locator('[data-step="guest.checkin"]')).toHaveAttribute('data-step-state', 'succeeded')
  await expect(timeline.locator('[data-step="agent.write-image"]')).toHaveAttribute('data-step-state', 'succeeded')
  await shot(page, 'tenant-instance-detail')

  await page.getByTestId('nav-instances').click()
  await expect(page.getByTestId('instance-web-e2e')).toBeVisible()
  await shot(page, 'tenant-instances')

  // Chinese, stored on the user: it stays after a reload.
  await page.getByTestId('language').click()
  await page.getByTestId('language-zh-CN').click()
  await expect(page.getByRole('heading', { name: '实例' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: '实例' })).toBeVisible()
  await expect(page.getByTestId('nav-projects')).toHaveText('项目')
  await shot(page, 'tenant-instances-zh')
  await page.getByTestId('instance-web-e2e').click()
  await expect(page.getByText('安装进度')).toBeVisible()
  await shot(page, 'tenant-instance-detail-zh')

  for (const nav of ['projects', 'ssh-keys', 'api-keys', 'messages']) {
    await page.getByTestId(`nav-${nav}`).click()
    await page.waitForLoadState('networkidle')
    await shot(page, `tenant-${nav}`)
  }
  // A narrow window still works: the navigation folds, the page stays usable.
  await page.setViewportSize({ width: 420, height: 800 })
  await page.getByTestId('user-menu').click()
  await shot(page, 'tenant-narrow')
  expect(errors).toEqual([])
})
