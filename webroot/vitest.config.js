import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.js'],
    // JUnit XML beside Maven's, so that .ci/test counts these tests with the rest.
    reporters: ['default', 'junit'],
    outputFile: { junit: 'target/surefire-reports/TEST-webroot-vitest.xml' },
  },
})
