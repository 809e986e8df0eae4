// Where the e2e run's all-in-one node listens and how to reach its API directly (for setup and
// waiting; everything a person does goes through the consoles).
export const TENANT_PORT = Number(process.env.BMP_E2E_TENANT_PORT || 18080)
export const OPERATOR_PORT = Number(process.env.BMP_E2E_OPERATOR_PORT || 18081)
export const ADMIN_PASSWORD = 'E2e-Admin-pass-1'
export const TENANT = { username: 'tenant-e2e', password: 'Tenant-pass-12' }
export const tenantUrl = `http://127.0.0.1:${TENANT_PORT}`
export const operatorUrl = `http://127.0.0.1:${OPERATOR_PORT}`

/** Logs in as the admin over the API; returns a fetch bound to that session. */
export async function adminApi() {
  const login = await fetch(`${tenantUrl}/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  if (!login.ok) throw new Error(`admin login: ${login.status} ${await login.text()}`)
  const cookie = login.headers.get('set-cookie').split(';')[0]
  const { csrfToken } = await login.json()
  return async (method, path, body) => {
    const r = await fetch(`${tenantUrl}${path}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined })
    const text = await r.text()
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
    return text ? JSON.parse(text) : null
  }
}

export async function until(what, probe, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    try {
      last = await probe()
      if (last) return last
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`)
}
