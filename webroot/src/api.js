// The one way the consoles talk to the server: the /v1 API, same origin, the session cookie, the
// CSRF token on every changing request, and errors as ApiError with the API's stable code.

export class ApiError extends Error {
  // `body` is the whole JSON answer: some refusals carry more than an error (an import's bad rows).
  constructor(status, code, message, field, requestId, body = null) {
    super(message)
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
    this.body = body
  }
}

const state = { csrf: null, language: 'en-US', onUnauthenticated: null }

export function configure({ csrf, language, onUnauthenticated } = {}) {
  if (csrf !== undefined) state.csrf = csrf
  if (language !== undefined) state.language = language
  if (onUnauthenticated !== undefined) state.onUnauthenticated = onUnauthenticated
}

/** `{a: 1, b: null}` → `?a=1`: empty values are left out. */
export function query(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

function headers(method, json) {
  const h = { Accept: 'application/json', 'Accept-Language': state.language }
  if (json) h['Content-Type'] = 'application/json'
  if (method !== 'GET' && state.csrf) h['X-CSRF-Token'] = state.csrf
  return h
}

/** Turns a response into its JSON, or throws ApiError with the server's code and (localized) message. */
export async function read(response) {
  const text = await response.text()
  let json = null
  if (text) {
    try { json = JSON.parse(text) } catch { json = null }
  }
  if (!response.ok) {
    const e = json && json.error
    const error = new ApiError(response.status, e?.code || `HTTP_${response.status}`, e?.message || response.statusText,
      e?.field, json?.requestId, json)
    if (response.status === 401 && state.onUnauthenticated) state.onUnauthenticated(error)
    throw error
  }
  return json
}

export async function call(method, path, body) {
  const json = body !== undefined && body !== null
  let response
  try {
    response = await fetch(path, { method, headers: headers(method, json), body: json ? JSON.stringify(body) : undefined,
      credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e.message)
  }
  return read(response)
}

export const api = {
  get: (path, params) => call('GET', path + query(params)),
  post: (path, body) => call('POST', path, body ?? {}),
  put: (path, body) => call('PUT', path, body),
  patch: (path, body) => call('PATCH', path, body),
  delete: (path) => call('DELETE', path),

  /** Sends a file as the raw body (uploads, imports), reporting progress (0..1) as it goes. */
  upload(path, file, onProgress, contentType = 'application/octet-stream') {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', path)
      for (const [k, v] of Object.entries(headers('POST', false))) xhr.setRequestHeader(k, v)
      xhr.setRequestHeader('Content-Type', contentType)
      xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total) }
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'upload failed'))
      xhr.onload = () => {
        const response = new Response(xhr.responseText || null, { status: xhr.status, statusText: xhr.statusText })
        read(response).then(resolve, reject)
      }
      xhr.send(file)
    })
  },
}
