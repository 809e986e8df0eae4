import { describe, it, expect, vi, afterEach } from 'vitest'
import { api, configure, query, ApiError } from '../../src/api.js'
import { errorText } from '../../src/errors.js'

afterEach(() => { vi.unstubAllGlobals(); configure({ csrf: null, language: 'en-US', onUnauthenticated: null }) })

function answer(status, body) {
  const fetch = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('api', () => {
  it('sends the CSRF token and the language with changing requests only', async () => {
    configure({ csrf: 'tok', language: 'zh-CN' })
    const fetch = answer(200, { ok: true })
    await api.post('/v1/things', { a: 1 })
    await api.get('/v1/things', { pageNumber: 2, name: '', state: null })
    const [postUrl, post] = fetch.mock.calls[0]
    expect(postUrl).toBe('/v1/things')
    expect(post.headers['X-CSRF-Token']).toBe('tok')
    expect(post.headers['Accept-Language']).toBe('zh-CN')
    expect(JSON.parse(post.body)).toEqual({ a: 1 })
    const [getUrl, get] = fetch.mock.calls[1]
    expect(getUrl).toBe('/v1/things?pageNumber=2')
    expect(get.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('turns an error body into an ApiError with the stable code', async () => {
    answer(409, { error: { code: 'INSUFFICIENT_STOCK', message: '库存不足', field: '/count' }, requestId: 'r-1' })
    const e = await api.post('/v1/instances', {}).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK', message: '库存不足', field: '/count', requestId: 'r-1' })
    expect(errorText(e)).toBe('库存不足')
  })

  it('keeps the whole body of a refusal that carries more than an error (an import\'s bad rows)', async () => {
    const report = { imported: 0, rows: [{ row: 3, sn: 'LAB-0001', errors: ['serial number LAB-0001 already exists'] }] }
    answer(400, report)
    const e = await api.post('/v1/devices/import', {}).catch((x) => x)
    expect(e.status).toBe(400)
    expect(e.body).toEqual(report)
  })

  it('tells the console when the session is gone', async () => {
    const gone = vi.fn()
    configure({ onUnauthenticated: gone })
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'log in' } })
    await expect(api.get('/v1/instances')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(gone).toHaveBeenCalledOnce()
  })

  it('reports an unreachable server as NETWORK, in the user language', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const e = await api.get('/v1/session').catch((x) => x)
    expect(e.code).toBe('NETWORK')
    expect(errorText(e)).toMatch(/cannot be reached/)
  })

  it('answers null for 204', async () => {
    answer(204)
    expect(await api.delete('/v1/things/1')).toBeNull()
  })

  it('builds queries without empty values', () => {
    expect(query({ a: 1, b: '', c: undefined, d: 'x y' })).toBe('?a=1&d=x+y')
    expect(query({})).toBe('')
  })
})
