// The operator shelves a lab machine and adds a tenant; the tenant creates an instance, watches
// its install timeline reach `running` live, and switches to Chinese; then the tenant's everyday
// actions (keys, projects, lock, export, reinstall with another image) and the operator's (export,
// device edit, power, operating systems, CSV import). A screenshot of every main page lands in
// e2e/target/screenshots; any browser console error fails the test.
import { test, expect } from '@playwright/test'
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { adminApi, operatorUrl, tenantUrl, ADMIN_PASSWORD, TENANT } from './node.js'

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

  for (const [nav, name] of [['device-types', 'operator-device-types'], ['image-list', 'operator-images'], ['rooms', 'operator-rooms'], ['audit', 'operator-audit']]) {
    if (nav === 'image-list') await page.getByTestId('nav-images').hover()
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

/** A fresh ed25519 public key in OpenSSH form, and the fingerprint `ssh-keygen -l` would print for it. */
function sshPublicKey() {
  const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x, 'base64url')
  const sized = (bytes) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes])
  const blob = Buffer.concat([sized(Buffer.from('ssh-ed25519')), sized(raw)])
  return { line: `ssh-ed25519 ${blob.toString('base64')} e2e@bmp`, fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}` }
}

/** Clicks an export button and returns the CSV's name and lines. */
async function exported(page, testId) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  return { name: download.suggestedFilename(), lines: readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').split('\r\n') }
}

/** Picks an option of an Element Plus select by its text. */
async function choose(page, selectId, text) {
  await page.getByTestId(selectId).click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click()
}

test('the tenant imports a key, makes an API key, shares a project, locks, exports and reinstalls', async ({ page }) => {
  const errors = watchConsole(page)
  await logIn(page, tenantUrl, TENANT.username, TENANT.password)
  await expect(page.getByTestId('instance-web-e2e')).toBeVisible()

  // Lock and unlock from the list.
  await page.getByTestId('lock-web-e2e').click()
  await expect(page.getByTestId('locked-web-e2e')).toBeVisible()
  await page.getByTestId('lock-web-e2e').click()
  await expect(page.getByTestId('locked-web-e2e')).toHaveCount(0)

  // Export: every instance the filter matches, as CSV.
  const csv = await exported(page, 'export-instances')
  expect(csv.name).toMatch(/^instances-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(csv.lines.filter((l) => l.includes(',web-e2e,'))).toHaveLength(1)

  // An SSH key: the list shows the fingerprint the server computed, the same as ssh-keygen's.
  const key = sshPublicKey()
  await page.getByTestId('nav-ssh-keys').click()
  await page.getByTestId('ssh-key-add').click()
  await field(page, 'ssh-key-name').fill('laptop')
  await field(page, 'ssh-key-public').fill(key.line)
  await page.getByTestId('ssh-key-save').click()
  await expect(page.getByTestId('ssh-key-table').getByText(key.fingerprint)).toBeVisible()

  // An API key, shown once; a script can use it at once.
  await page.getByTestId('nav-api-keys').click()
  await page.getByTestId('api-key-add').click()
  await field(page, 'api-key-name').fill('e2e-script')
  await page.getByTestId('api-key-save').click()
  const token = (await page.getByTestId('new-api-key').textContent()).trim()
  const profile = await fetch(`${tenantUrl}/v1/profile`, { headers: { Authorization: `Bearer ${token}` } })
  expect(profile.status).toBe(200)
  expect((await profile.json()).username).toBe(TENANT.username)

  // A project, shared with the admin (shown by name), and the instance moved into it.
  await page.getByTestId('nav-projects').click()
  await page.getByTestId('project-add').click()
  await field(page, 'project-name').fill('team-e2e')
  await page.getByTestId('project-submit').click()
  await page.getByTestId('project-share-team-e2e').click()
  await field(page, 'project-username').fill('admin')
  await page.getByTestId('project-submit').click()
  await expect(page.getByTestId('share-team-e2e-admin')).toBeVisible()
  await page.getByTestId('project-move-team-e2e').click()
  await choose(page, 'project-instances', 'web-e2e')
  await page.locator('.el-dialog__title:visible').click() // closes the multiple select's list, not the dialog
  await page.getByTestId('project-submit').click()
  await shot(page, 'tenant-projects-shared')
  await page.getByTestId('nav-instances').click()
  await expect(page.getByTestId('instance-table').locator('tr', { hasText: 'web-e2e' })).toContainText('team-e2e')

  // Reinstall with the other image of the device type: the timeline follows it to the end and the
  // instance then records the image it runs.
  await page.getByTestId('instance-web-e2e').click()
  await page.getByTestId('reinstall').click()
  await choose(page, 'reinstall-image', 'bmp-demo-rootfs')
  // The install password is not kept and the instance has no SSH keys: a reinstall needs a new one.
  await field(page, 'reinstall-password').fill('Re1nstall-Passw0rd')
  await shot(page, 'tenant-reinstall')
  await page.getByTestId('reinstall-confirm').click()
  const timeline = page.getByTestId('timeline')
  await expect(timeline).toHaveAttribute('data-task-kind', 'reinstall')
  await expect(timeline).toHaveAttribute('data-task-state', 'succeeded', { timeout: 240_000 })
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('instance-image')).toHaveText('bmp-demo-rootfs')
  expect(errors).toEqual([])
})

test('the operator exports, edits and powers a device, adds an OS, uploads an image and imports devices from CSV', async ({ page }) => {
  const errors = watchConsole(page)
  const api = await adminApi()
  const instance = (await api('GET', '/v1/instances?name=web-e2e')).items[0]
  const device = await api('GET', `/v1/devices/${instance.deviceId}`)
  await logIn(page, operatorUrl, 'admin', ADMIN_PASSWORD)
  await expect(page.getByTestId('device-table')).toBeVisible()

  const csv = await exported(page, 'export-devices')
  expect(csv.name).toMatch(/^devices-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(csv.lines[0]).toContain('Serial number')
  for (const sn of ['LAB-0001', 'LAB-0002', 'LAB-0003']) expect(csv.lines.some((l) => l.startsWith(`${sn},`))).toBe(true)

  // Restart the machine carrying the tenant's instance: a power-cycle task, watched to its end.
  await page.getByTestId(`power-${device.sn}`).click()
  await page.getByTestId(`power-restart-${device.sn}`).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.getByTestId(`device-${device.sn}`).click()
  await page.getByRole('tab', { name: 'Task history' }).click()
  const newest = page.locator('.task-timeline').first()
  await expect(newest).toHaveAttribute('data-task-kind', 'power_cycle')
  await expect(newest).toHaveAttribute('data-task-state', 'succeeded', { timeout: 120_000 })
  await expect(newest.locator('[data-step="guest.checkin"]')).toHaveAttribute('data-step-state', 'succeeded')

  // A free machine can only be powered off: its own task, on the device.
  const free = (await api('GET', '/v1/devices?state=ready')).items[0]
  await page.getByTestId('nav-devices').click()
  await page.getByTestId(`power-${free.sn}`).click()
  await page.getByTestId(`power-stop-${free.sn}`).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.getByTestId(`device-${free.sn}`).click()
  await page.getByRole('tab', { name: 'Task history' }).click()
  await expect(page.locator('.task-timeline').first()).toHaveAttribute('data-task-kind', 'power_off')
  await expect(page.locator('.task-timeline').first()).toHaveAttribute('data-task-state', 'succeeded', { timeout: 60_000 })

  // Edit the device: its rack moves; the page shows it.
  await page.getByTestId('device-edit').click()
  await field(page, 'edit-cabinet').fill('R42')
  await page.getByTestId('edit-save').click()
  await page.getByRole('tab', { name: 'Basic information' }).click()
  await expect(page.locator('.el-descriptions').getByText('R42')).toBeVisible()
  expect((await api('GET', `/v1/devices/${free.id}`)).cabinet).toBe('R42')

  // An operating system record.
  await page.getByTestId('nav-images').hover()
  await page.getByTestId('nav-operating-systems').click()
  await page.getByTestId('os-add').click()
  await field(page, 'os-name').fill('Rocky Linux 9')
  await field(page, 'os-type').fill('Rocky')
  await field(page, 'os-version').fill('9.4')
  await page.getByTestId('os-save').click()
  await expect(page.getByTestId('os-table').getByText('Rocky Linux 9')).toBeVisible()
  await shot(page, 'operator-operating-systems')

  // Upload an image of that OS: a wrong SHA-256 is refused and leaves nothing; the right one lands.
  const bytes = randomBytes(3 << 20)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await page.getByTestId('nav-images').hover()
  await page.getByTestId('nav-image-list').click()
  await page.getByTestId('image-upload').click()
  await field(page, 'image-name').fill('e2e-upload')
  await choose(page, 'image-os', 'Rocky Linux 9')
  await page.getByTestId('image-file').setInputFiles({ name: 'e2e.raw', mimeType: 'application/octet-stream', buffer: bytes })
  await field(page, 'image-sha256').fill('0'.repeat(64))
  await page.getByTestId('image-submit').click()
  await expect(page.getByTestId('image-error')).toBeVisible()
  expect((await api('GET', '/v1/images?pageSize=1000')).items.filter((i) => i.name === 'e2e-upload')).toEqual([])
  await field(page, 'image-sha256').fill(sha256)
  await page.getByTestId('image-submit').click()
  const uploaded = page.getByTestId('image-table').locator('tr', { hasText: 'e2e-upload' })
  await expect(uploaded).toContainText(sha256.slice(0, 16))
  await expect(uploaded).toContainText('3.0 MiB')

  // CSV import: a file with a duplicate serial is refused row by row and imports nothing; fixed, it imports both.
  await page.getByTestId('nav-devices').click()
  await page.getByTestId('device-import').click()
  await choose(page, 'import-room', (await api('GET', `/v1/rooms/${device.roomId}`)).name)
  const header = 'sn,cabinet,uPosition,mac1,mgmtMask,mgmtIpv4,ipv6,mgmtGateway,bmcAddress,bmcUser,bmcPassword,mac2\n'
  const bad = header + 'E2E-0001,R1,U1,52:54:00:e2:00:01,,,,,10.99.0.1,admin,secret-1,\nLAB-0001,R1,U2,52:54:00:e2:00:02,,,,,10.99.0.2,admin,secret-2,\n'
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await page.getByTestId('import-submit').click()
  const report = page.getByTestId('import-report')
  await expect(report).toContainText('0 device(s) imported')
  await expect(report.locator('.el-table')).toContainText('LAB-0001')
  await shot(page, 'operator-import-report')
  const good = bad.replace('LAB-0001', 'E2E-0002')
  await page.getByTestId('import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  await page.getByTestId('import-submit').click()
  await expect(report).toContainText('2 device(s) imported')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('device-E2E-0002')).toBeVisible()
  // Chromium logs every 4xx answer: the refused upload's and the refused file's 400s are expected.
  const refused = (e) => e.includes('status of 400') && (e.includes('/v1/devices/import') || e.includes('/v1/images/upload'))
  expect(errors.filter(refused)).toHaveLength(2)
  expect(errors.filter((e) => !refused(e))).toEqual([])
})
