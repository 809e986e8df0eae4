import { readFileSync, rmSync, existsSync, copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export default async function teardown() {
  const file = join('e2e', '.node.json')
  if (!existsSync(file)) return
  const { pid, data, log } = JSON.parse(readFileSync(file, 'utf8'))
  try {
    process.kill(-pid, 'SIGTERM')
  } catch { /* already gone */ }
  // Wait for a clean stop (the node stops its verticles, then exits).
  for (let i = 0; i < 100; i++) {
    try { process.kill(pid, 0) } catch { break }
    await new Promise((r) => setTimeout(r, 200))
  }
  try { process.kill(-pid, 'SIGKILL') } catch { /* stopped */ }
  mkdirSync(join('e2e', 'target'), { recursive: true })
  if (existsSync(log)) copyFileSync(log, join('e2e', 'target', 'node.log'))
  rmSync(data, { recursive: true, force: true })
  rmSync(file, { force: true })
}
