import { describe, expect, it } from 'vitest'

import type { ContainerSummary } from '../../../src-preload/contract'
import { formatAge, formatPorts } from '../../../src-renderer/src/containers/format'
import { buildLines, matchesFilter } from '../../../src-renderer/src/containers/table-model'

function row(name: string, patch: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${name}-id`,
    name,
    image: 'busybox',
    command: '',
    state: 'running',
    status: '',
    created: 100,
    ports: [],
    labels: {},
    ...patch,
  }
}

const defaults = {
  filter: '',
  showAll: true,
  group: false,
  sortKey: 'name',
  direction: 'ascending',
} as const

const names = (lines: ReturnType<typeof buildLines>): string[] =>
  lines.map((l) => (l.kind === 'container' ? l.container.name : `[${l.project ?? '-'}]`))

describe('container table model', () => {
  const rows = [
    row('web-10', { composeProject: 'shop', created: 300 }),
    row('web-9', { composeProject: 'shop', state: 'exited', created: 200 }),
    row('db', { composeProject: 'blog', image: 'postgres', created: 100 }),
    row('scratch', { state: 'paused', created: 400 }),
  ]

  it('sorts names the way people count: web-9 before web-10', () => {
    expect(names(buildLines(rows, defaults))).toEqual(['db', 'scratch', 'web-9', 'web-10'])
    expect(names(buildLines(rows, { ...defaults, direction: 'descending' }))).toEqual([
      'web-10',
      'web-9',
      'scratch',
      'db',
    ])
    expect(names(buildLines(rows, { ...defaults, sortKey: 'created' }))).toEqual([
      'db',
      'web-9',
      'web-10',
      'scratch',
    ])
  })

  it('hides stopped containers unless asked, and filters on every word', () => {
    expect(names(buildLines(rows, { ...defaults, showAll: false }))).toEqual(['db', 'web-10'])
    expect(names(buildLines(rows, { ...defaults, filter: 'shop web' }))).toEqual([
      'web-9',
      'web-10',
    ])
    expect(names(buildLines(rows, { ...defaults, filter: 'POSTGRES' }))).toEqual(['db'])
    expect(matchesFilter(rows[0]!, 'web-10-id')).toBe(true)
    expect(matchesFilter(rows[0]!, 'blog')).toBe(false)
  })

  it('groups by Compose project, projects by name, loose containers last', () => {
    expect(names(buildLines(rows, { ...defaults, group: true }))).toEqual([
      '[blog]',
      'db',
      '[shop]',
      'web-9',
      'web-10',
      '[-]',
      'scratch',
    ])
    const headings = buildLines(rows, { ...defaults, group: true }).filter(
      (l) => l.kind === 'group',
    )
    expect(headings.map((h) => h.kind === 'group' && h.count)).toEqual([1, 2, 1])
  })

  it('builds 5,000 lines without trouble', () => {
    const many = Array.from({ length: 5000 }, (_, i) => row(`c-${i}`))
    expect(buildLines(many, { ...defaults, group: true })).toHaveLength(5001)
  })

  it('formats ports like docker ps and ages in the user’s language', () => {
    expect(
      formatPorts([
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 53, publicPort: 5353, ip: '127.0.0.1', protocol: 'udp' },
        { privatePort: 443, protocol: 'tcp' },
      ]),
    ).toBe('8080→80/tcp, 127.0.0.1:5353→53/udp, 443/tcp')
    const now = 1_000_000 * 1000
    expect(formatAge(1_000_000 - 3 * 3600, 'en', now)).toBe('3 hours ago')
    expect(formatAge(1_000_000 - 3 * 3600, 'zh-CN', now)).toBe('3小时前')
    expect(formatAge(1_000_000, 'en', now)).toBe('now')
  })
})
