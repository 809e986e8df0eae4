import { describe, it, expect } from 'vitest'
import enUS from '../../src/i18n/en-US.js'
import zhCN from '../../src/i18n/zh-CN.js'
import { initialLanguage } from '../../src/i18n/index.js'

function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort()
}

describe('translations', () => {
  it('have the same keys in both languages', () => {
    expect(keys(zhCN)).toEqual(keys(enUS))
  })
  it('use the same placeholders in both languages', () => {
    const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v, `${p}${k}.`) : [[`${p}${k}`, v]]))
    const zh = Object.fromEntries(flat(zhCN))
    for (const [key, text] of flat(enUS)) {
      const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(names(zh[key]), key).toEqual(names(text))
    }
  })
  it('translate every step kind the scheduler has', () => {
    const kinds = ['image.pin', 'dhcp.reserve', 'dhcp.release', 'driver.check', 'driver.boot-pxe', 'driver.boot-disk', 'driver.power-cycle',
      'driver.power-on', 'driver.power-off', 'agent.checkin', 'agent.inventory', 'agent.clean', 'agent.raid', 'agent.partition',
      'agent.format', 'agent.write-image', 'agent.password', 'agent.cloud-init', 'agent.wipe', 'guest.checkin']
    expect(Object.keys(enUS.steps).sort()).toEqual(kinds.map((k) => k.replace(/[.-]/g, '_')).sort())
  })
})

describe('initialLanguage', () => {
  const storage = (v) => ({ getItem: () => v })
  it('prefers the language chosen before on this browser', () => {
    expect(initialLanguage(storage('zh-CN'), 'en-GB')).toBe('zh-CN')
  })
  it('falls back to the browser language, Chinese or English', () => {
    expect(initialLanguage(storage(null), 'zh-TW')).toBe('zh-CN')
    expect(initialLanguage(storage('fr-FR'), 'de-DE')).toBe('en-US')
  })
})
