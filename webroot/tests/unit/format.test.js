import { describe, it, expect } from 'vitest'
import { time, bytes, duration, stateType } from '../../src/format.js'
import { passwordProblem } from '../../src/tenant/passwords.js'

describe('format', () => {
  it('shows UTC times in the user time zone', () => {
    expect(time('2026-11-21T01:02:03Z', 'Asia/Shanghai', 'en-US')).toContain('09:02:03')
    expect(time('2026-11-21T01:02:03Z', 'UTC', 'en-US')).toContain('01:02:03')
    expect(time(null)).toBe('—')
    expect(time('not a time')).toBe('—')
  })
  it('sizes bytes in binary units', () => {
    expect(bytes(512)).toBe('512 B')
    expect(bytes(1536)).toBe('1.5 KiB')
    expect(bytes(16 * 1024 * 1024)).toBe('16.0 MiB')
    expect(bytes(null)).toBe('—')
  })
  it('writes durations for people', () => {
    expect(duration(250)).toBe('250 ms')
    expect(duration(2500)).toBe('2.5 s')
    expect(duration(61500)).toBe('1 min 1.5 s')
    expect(duration(null)).toBe('—')
  })
  it('colours states', () => {
    expect(stateType('succeeded')).toBe('success')
    expect(stateType('running')).toBe('primary')
    expect(stateType('failed')).toBe('danger')
    expect(stateType('creating')).toBe('warning')
  })
})

describe('the instance password rule', () => {
  it('wants 8 to 30 characters of three kinds', () => {
    expect(passwordProblem('Short1!')).toBe('length')
    expect(passwordProblem('alllowercase1')).toBe('classes')
    expect(passwordProblem('Lower-and-UPPER')).toBeNull()
    expect(passwordProblem('Abcdefg1')).toBeNull()
    expect(passwordProblem('A'.repeat(31) + 'a1')).toBe('length')
  })
})
