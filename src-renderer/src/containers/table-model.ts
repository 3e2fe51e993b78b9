import type { ContainerSummary } from '../../../src-preload/contract'

export type SortKey = 'name' | 'image' | 'state' | 'status' | 'created' | 'project'
export type SortDirection = 'ascending' | 'descending'

export interface TableOptions {
  filter: string
  showAll: boolean
  group: boolean
  sortKey: SortKey
  direction: SortDirection
}

/** A line of the table: a project heading when grouped, or a container. */
export type TableLine =
  | { kind: 'group'; key: string; project: string | undefined; count: number }
  | { kind: 'container'; key: string; container: ContainerSummary }

/** Every word of the filter must appear in the name, image, project, state or id. */
export function matchesFilter(container: ContainerSummary, filter: string): boolean {
  return matchesWords(container, filterWords(filter))
}

function filterWords(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean)
}

function matchesWords(container: ContainerSummary, words: string[]): boolean {
  if (words.length === 0) return true
  const haystack = [
    container.name,
    container.image,
    container.composeProject ?? '',
    container.composeService ?? '',
    container.state,
    container.id,
  ]
    .join('\n')
    .toLowerCase()
  return words.every((word) => haystack.includes(word))
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function compare(a: ContainerSummary, b: ContainerSummary, key: SortKey): number {
  switch (key) {
    case 'created':
      return a.created - b.created
    case 'project':
      return collator.compare(a.composeProject ?? '', b.composeProject ?? '')
    default:
      return collator.compare(a[key], b[key])
  }
}

/** Filters, sorts and optionally groups the rows into the lines the table shows. */
export function buildLines(rows: readonly ContainerSummary[], options: TableOptions): TableLine[] {
  const sign = options.direction === 'ascending' ? 1 : -1
  const words = filterWords(options.filter)
  const visible = rows
    .filter((c) => (options.showAll || c.state === 'running') && matchesWords(c, words))
    .sort((a, b) => sign * compare(a, b, options.sortKey) || collator.compare(a.name, b.name))

  const toLine = (container: ContainerSummary): TableLine => ({
    kind: 'container',
    key: container.id,
    container,
  })
  if (!options.group) return visible.map(toLine)

  const groups = new Map<string | undefined, ContainerSummary[]>()
  for (const container of visible) {
    const members = groups.get(container.composeProject)
    if (members) members.push(container)
    else groups.set(container.composeProject, [container])
  }
  // Projects in name order, containers outside any project last.
  const projects = [...groups.keys()].sort((a, b) =>
    a === undefined ? 1 : b === undefined ? -1 : collator.compare(a, b),
  )
  return projects.flatMap((project) => {
    const members = groups.get(project)!
    const heading: TableLine = {
      kind: 'group',
      key: `group:${project ?? ''}`,
      project,
      count: members.length,
    }
    return [heading, ...members.map(toLine)]
  })
}
