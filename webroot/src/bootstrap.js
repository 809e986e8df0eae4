// Starts one console: Element Plus in the user's language, the router with its login guard.
import { createApp, h, computed } from 'vue'
import ElementPlus, { ElConfigProvider } from 'element-plus'
import 'element-plus/dist/index.css'
import en from 'element-plus/es/locale/lang/en'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createRouter, createWebHashHistory, RouterView } from 'vue-router'
import { i18n } from './i18n/index.js'
import { configure } from './api.js'
import { session, restore, applyLanguage, forget } from './session.js'
import './style.css'

export async function start({ routes, title }) {
  applyLanguage(i18n.global.locale.value)
  const router = createRouter({ history: createWebHashHistory(), routes })
  router.beforeEach((to) => {
    if (to.meta.public) return true
    if (!session.user) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
    return true
  })
  configure({
    onUnauthenticated: () => {
      if (session.user) {
        forget()
        router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } })
      }
    },
  })
  document.title = title
  await restore()
  const elementLocale = computed(() => (i18n.global.locale.value === 'zh-CN' ? zhCn : en))
  const app = createApp({ render: () => h(ElConfigProvider, { locale: elementLocale.value }, { default: () => h(RouterView) }) })
  app.use(i18n).use(ElementPlus).use(router)
  await router.isReady().catch(() => {})
  app.mount('#app')
  return app
}
