import { createI18n } from 'vue-i18n'
import enUS from './en-US.js'
import zhCN from './zh-CN.js'

export const LANGUAGES = ['en-US', 'zh-CN']
const STORED = 'bmp.language'

/** The language before anyone logs in: the last one chosen on this browser, else the browser's own. */
export function initialLanguage(storage = globalThis.localStorage, navigatorLanguage = globalThis.navigator?.language) {
  const stored = storage?.getItem(STORED)
  if (LANGUAGES.includes(stored)) return stored
  return navigatorLanguage && navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US'
}

export function rememberLanguage(language, storage = globalThis.localStorage) {
  storage?.setItem(STORED, language)
}

export function makeI18n(locale = initialLanguage()) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'en-US', messages: { 'en-US': enUS, 'zh-CN': zhCN } })
}

export const i18n = makeI18n()
