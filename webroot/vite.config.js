// Two apps, one build each: `vite build --mode tenant` and `--mode operator`. Each lands in
// target/classes/consoles/<app>/, which the webroot module packs into its jar for the api to serve.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

const PORTS = { tenant: 8080, operator: 8081 }
const here = (p) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig(({ mode }) => {
  const app = PORTS[mode] ? mode : 'tenant'
  const backend = `http://127.0.0.1:${process.env.BMP_API_PORT || PORTS[app]}`
  return {
    root: here(`./apps/${app}`),
    base: '/',
    plugins: [vue()],
    resolve: { alias: { '@': here('./src') } },
    build: {
      outDir: here(`./target/classes/consoles/${app}`),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { output: { manualChunks: (id) => (id.includes('node_modules') ? 'vendor' : undefined) } },
    },
    // `npm run dev:tenant` beside a running bmp.jar: the API is proxied to it.
    server: { proxy: { '/v1': { target: backend } } },
  }
})
