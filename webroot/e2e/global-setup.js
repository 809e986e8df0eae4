// Starts `java -jar bmp.jar --lab 3 --lab-idle` in a fresh data directory and waits until the
// lab's three machines are on the shelf. --lab-idle keeps the demo installs away, so that the
// tenant has stock and the operator has machines to shelve.
import { spawn } from 'node:child_process'
import { mkdtempSync, openSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { TENANT_PORT, OPERATOR_PORT, ADMIN_PASSWORD, adminApi, until, tenantUrl } from './node.js'

export default async function setup() {
  const jar = resolve(process.env.BMP_JAR || '../verticles/launcher/target/bmp.jar')
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (mvn -q package -DskipTests)`)
  const data = mkdtempSync(join(tmpdir(), 'bmp-e2e-'))
  const log = join(data, 'node.log')
  const out = openSync(log, 'a')
  const node = spawn('java', ['-Xmx768m', '-jar', jar, '--lab', '3', '--lab-idle', '--data', data], {
    env: { ...process.env, BMP_ADMIN_PASSWORD: ADMIN_PASSWORD, BMP_API_PORT: String(TENANT_PORT), BMP_API_OPERATOR_PORT: String(OPERATOR_PORT) },
    stdio: ['ignore', out, out],
    detached: true,
  })
  writeFileSync(join('e2e', '.node.json'), JSON.stringify({ pid: node.pid, data, log }))
  node.on('exit', (code) => { if (code !== null && code !== 0) console.error(`bmp.jar exited with ${code}; see ${log}`) })
  console.log(`bmp.jar pid ${node.pid}, data ${data}, log ${log}`)
  await until('the api', async () => (await fetch(`${tenantUrl}/health`)).status < 500, 120_000)
  const api = await until('the admin login', adminApi, 60_000)
  await until('three lab machines on the shelf', async () => {
    const page = await api('GET', '/v1/devices?state=ready')
    return page.totalCount >= 3
  }, 240_000)
}
