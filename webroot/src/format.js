// Display helpers shared by both consoles (pure: unit-tested).

/** A UTC ISO time in the user's time zone and language, or '—'. */
export function time(iso, timeZone, locale = 'en-US') {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d)
  } catch {
    return d.toISOString()
  }
}

/** 1536 → '1.5 KiB'. */
export function bytes(n) {
  if (n === null || n === undefined) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++ }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`
}

/** 61500 → '1 min 1.5 s'. */
export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '—'
  if (ms < 1000) return `${ms} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  return `${m} min ${(s - m * 60).toFixed(s < 600 ? 1 : 0)} s`
}

/** Element Plus tag type for a state of a task, step, instance or device. */
export function stateType(state) {
  if (['succeeded', 'running', 'ready', 'available'].includes(state)) return state === 'running' ? 'primary' : 'success'
  if (['failed', 'error', 'shelf_failed', 'cancelled'].includes(state)) return 'danger'
  if (['stopped', 'removed', 'skipped', 'in_stock'].includes(state)) return 'info'
  return 'warning'
}
