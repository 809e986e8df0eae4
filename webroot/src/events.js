// Follows GET /v1/events with the browser's EventSource, which reconnects by itself. `onOpen`
// runs at every (re)connection: events are not replayed, so that is when the view reads the
// current state again.
export function follow(url, { onEvent, onOpen, onStatus }) {
  if (typeof EventSource === 'undefined') {
    onStatus?.('unsupported')
    return () => {}
  }
  const source = new EventSource(url, { withCredentials: true })
  const handle = (e) => {
    try {
      onEvent(JSON.parse(e.data))
    } catch {
      // A malformed event is dropped; the next one carries the whole step again.
    }
  }
  source.addEventListener('step', handle)
  source.addEventListener('task', handle)
  source.onopen = () => { onStatus?.('live'); onOpen?.() }
  source.onerror = () => onStatus?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
  return () => source.close()
}
