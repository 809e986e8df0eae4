import { describe, it, expect } from 'vitest'
import { csvField, fetchAll, toCsv } from '../../src/exportCsv.js'

describe('CSV export', () => {
  it('quotes what needs quoting and neutralises spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvField(null)).toBe('')
    expect(csvField(0)).toBe('0')
  })

  it('writes a header and one CRLF line per row', () => {
    const columns = [{ label: 'SN', value: (r) => r.sn }, { label: '机房', value: (r) => r.room }]
    expect(toCsv(columns, [{ sn: 'S1', room: 'A, east' }, { sn: 'S2', room: null }])).toBe('SN,机房\r\nS1,"A, east"\r\nS2,\r\n')
  })

  it('reads every page the filter matches and stops at the last', async () => {
    const all = Array.from({ length: 2500 }, (_, i) => ({ id: i }))
    const asked = []
    const items = await fetchAll(async ({ pageNumber, pageSize }) => {
      asked.push(pageNumber)
      return { items: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: all.length }
    })
    expect(items).toHaveLength(2500)
    expect(items[2499].id).toBe(2499)
    expect(asked).toEqual([1, 2, 3])
  })
})
