// Export of a filtered list to a CSV file: every page the filter matches (1,000 rows a request, up
// to a cap), the columns as the page shows them. Built in the browser from the same API calls,
// so the export shows exactly what the caller may see and nothing more.

const MAX_ROWS = 50000

/** One CSV field: quoted when it holds a comma, quote or line break; formulas neutralised for spreadsheets. */
export function csvField(value) {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** `columns` are `{ label, value: (row) => any }`; the first line is the labels. CRLF as RFC 4180 says. */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.label)).join(',')]
  rows.forEach((row) => lines.push(columns.map((c) => csvField(c.value(row))).join(',')))
  return lines.join('\r\n') + '\r\n'
}

/** Every item `fetchPage({ pageNumber, pageSize })` returns for the filter, page by page, at most MAX_ROWS. */
export async function fetchAll(fetchPage) {
  const items = []
  for (let pageNumber = 1; items.length < MAX_ROWS; pageNumber++) {
    const page = await fetchPage({ pageNumber, pageSize: 1000 })
    items.push(...page.items)
    if (page.items.length < 1000 || items.length >= page.totalCount) break
  }
  return items.slice(0, MAX_ROWS)
}

/** Hands the text to the browser as a file download (with a BOM so that spreadsheet programs read UTF-8). */
export function download(fileName, text) {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
