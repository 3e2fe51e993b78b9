import type { PortMapping } from '../../../src-preload/contract'

/** "0.0.0.0:8080→80/tcp, 443/tcp", as `docker ps` prints them. */
export function formatPorts(ports: readonly PortMapping[]): string {
  return ports
    .map((p) => {
      const inner = `${p.privatePort}/${p.protocol}`
      if (!p.publicPort) return inner
      const ip = p.ip && p.ip !== '0.0.0.0' && p.ip !== '::' ? `${p.ip}:` : ''
      return `${ip}${p.publicPort}→${inner}`
    })
    .join(', ')
}

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

// Building a formatter costs far more than using one; a table asks for hundreds.
const formatters = new Map<string, Intl.RelativeTimeFormat>()

/** "3 hours ago" in the given language, for a time in Unix seconds. */
export function formatAge(unixSeconds: number, locale: string, nowMs = Date.now()): string {
  const elapsed = Math.max(0, Math.round(nowMs / 1000 - unixSeconds))
  let format = formatters.get(locale)
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
    formatters.set(locale, format)
  }
  for (const [unit, size] of units) {
    if (elapsed >= size || unit === 'second') {
      return format.format(-Math.floor(elapsed / size), unit)
    }
  }
  return ''
}
