import { reactive } from 'vue'
import { api, configure } from './api.js'
import { i18n, rememberLanguage } from './i18n/index.js'

/** Who is logged in to this console; null user while logged out. */
export const session = reactive({ user: null, ready: false })

// Whether this browser holds a session, so that a fresh visit goes straight to the login page
// instead of asking GET /v1/session for a 401 (the cookie itself is HttpOnly, out of reach).
const MARK = 'bmp.session'

function adopt(s) {
  session.user = s ? s.user : null
  if (s) globalThis.localStorage?.setItem(MARK, '1')
  else globalThis.localStorage?.removeItem(MARK)
  configure({ csrf: s ? s.csrfToken : null })
  if (s && s.user.language) applyLanguage(s.user.language)
}

export function applyLanguage(language) {
  i18n.global.locale.value = language
  rememberLanguage(language)
  configure({ language })
  document.documentElement.lang = language
}

/** After a reload: the session the cookie still carries, if any. */
export async function restore() {
  if (globalThis.localStorage?.getItem(MARK) !== '1') {
    session.ready = true
    return
  }
  try {
    adopt(await api.get('/v1/session'))
  } catch {
    adopt(null)
  } finally {
    session.ready = true
  }
}

export async function login(username, password) {
  adopt(await api.post('/v1/login', { username, password }))
  return session.user
}

export async function logout() {
  try { await api.post('/v1/logout') } finally { adopt(null) }
}

/** Switches the language at once and stores it on the user, so it follows them to any browser. */
export async function setLanguage(language) {
  applyLanguage(language)
  if (session.user) {
    session.user = await api.patch('/v1/profile', { language })
  }
}

/** The server said the session is gone (it expired, or was ended elsewhere). */
export function forget() {
  adopt(null)
}
