import type { ContainerSummary } from '../../src-preload/contract'
import type { EngineEvent } from './engine-event'

/** What one engine event does to the container list. */
export type ContainerChange =
  | { kind: 'upsert'; container: ContainerSummary }
  | { kind: 'remove'; id: string }
  /** The event says something changed that only a fresh read can tell. */
  | { kind: 'refresh'; id: string }
  | { kind: 'none' }

/**
 * Applies one container event to the row it concerns. Pure: the row is not
 * modified, a new one is returned. Reads only `Action` and `Actor`, which every
 * engine version sends.
 */
export function applyContainerEvent(
  row: ContainerSummary | undefined,
  event: EngineEvent,
): ContainerChange {
  if (event.Type !== 'container') return { kind: 'none' }
  const id = event.Actor.ID
  // Exec and health events carry a suffix after a colon ("exec_start: sh").
  const action = event.Action.split(':')[0]!.trim()

  if (action === 'destroy') return { kind: 'remove', id }
  if (!row) {
    return action === 'create' || stateChanging.has(action) || action === 'rename'
      ? { kind: 'refresh', id }
      : { kind: 'none' }
  }

  switch (action) {
    case 'start':
    case 'restart':
    case 'unpause':
      return upsert(row, { state: 'running', status: 'Up Less than a second' })
    case 'die': {
      const code = event.Actor.Attributes?.exitCode ?? '0'
      return upsert(row, { state: 'exited', status: `Exited (${code}) Less than a second ago` })
    }
    case 'pause':
      return upsert(row, {
        state: 'paused',
        status: `${row.status.replace(/ \(Paused\)$/, '')} (Paused)`,
      })
    case 'rename': {
      const name = event.Actor.Attributes?.name
      return name ? upsert(row, { name: name.replace(/^\//, '') }) : { kind: 'refresh', id }
    }
    case 'health_status':
    case 'update':
    case 'create':
      return { kind: 'refresh', id }
    default:
      return { kind: 'none' }
  }
}

const stateChanging = new Set(['start', 'restart', 'unpause', 'die', 'pause', 'stop'])

function upsert(row: ContainerSummary, patch: Partial<ContainerSummary>): ContainerChange {
  return { kind: 'upsert', container: { ...row, ...patch } }
}
