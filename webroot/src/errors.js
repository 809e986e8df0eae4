import { ElMessage } from 'element-plus'
import { i18n } from './i18n/index.js'

/**
 * What to tell the user about a failed call, in their language: the server's message (it is
 * localized from the request's Accept-Language), else our own text for the error code.
 */
export function errorText(error, t = i18n.global.t, te = i18n.global.te) {
  if (!error) return ''
  if (error.code === 'NETWORK') return t('errors.NETWORK')
  if (error.message && error.code && error.status) return error.message
  if (error.code && te(`errors.${error.code}`)) return t(`errors.${error.code}`)
  return t('errors.generic', { code: error.code || 'UNKNOWN' })
}

export function showError(error) {
  ElMessage({ type: 'error', message: errorText(error), showClose: true, duration: 6000 })
}
