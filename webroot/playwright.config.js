// End-to-end: both consoles in headless Chromium (Debian's /usr/bin/chromium, never a downloaded
// browser) against `java -jar bmp.jar --lab 3`, which e2e/global-setup.js starts and stops.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: './e2e',
  timeout: 300_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  outputDir: 'e2e/target/results',
  reporter: [['list'], ['junit', { outputFile: 'e2e/target/surefire-reports/TEST-console-e2e.xml' }]],
  globalSetup: './e2e/global-setup.js',
  globalTeardown: './e2e/global-teardown.js',
  use: {
    browserName: 'chromium',
    headless: true,
    testIdAttribute: 'data-test',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      // This machine's network is closed: no background connections, no first-run work.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    },
  },
})
