import { reactive, watch } from 'vue'
import { showError } from './errors.js'

/**
 * A server-paged list: `fetch(params)` gets `{pageNumber, pageSize, ...filters}` and returns a
 * page of the API (`items`, `totalCount`). Filters changed reset to page 1; a failed load keeps
 * the error for the page's error state instead of an empty table that looks like "nothing".
 */
export function usePaged(fetch, filters = {}, pageSize = 20) {
  const list = reactive({ items: [], total: 0, pageNumber: 1, pageSize, loading: false, error: null, filters, loaded: false })
  let seq = 0
  async function load() {
    const mine = ++seq
    list.loading = true
    try {
      const page = await fetch({ pageNumber: list.pageNumber, pageSize: list.pageSize, ...list.filters })
      if (mine !== seq) return
      list.items = page.items
      list.total = page.totalCount ?? page.items.length
      list.error = null
    } catch (e) {
      if (mine !== seq) return
      list.error = e
    } finally {
      if (mine === seq) {
        list.loading = false
        list.loaded = true
      }
    }
  }
  watch(() => ({ ...list.filters }), () => { list.pageNumber = 1; load() }, { deep: true })
  watch(() => [list.pageNumber, list.pageSize], load)
  return { list, load }
}

/** Runs an action, reports its failure as a message, and returns whether it succeeded. */
export async function attempt(action) {
  try {
    await action()
    return true
  } catch (e) {
    showError(e)
    return false
  }
}

/** An unpaged list (`fetch` returns `{items}`), with the same loading and error states. */
export function useItems(fetch) {
  const state = reactive({ items: [], loading: true, error: null })
  async function load() {
    try {
      state.items = (await fetch()).items
      state.error = null
    } catch (e) {
      state.error = e
    } finally {
      state.loading = false
    }
  }
  return { state, load }
}
