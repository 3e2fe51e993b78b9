import { describe, expect, it } from 'vitest'

import { applyContainerEvent } from '../../src-main/engine/container-events'
import type { EngineEvent } from '../../src-main/engine/engine-event'
import type { ContainerSummary } from '../../src-preload/contract'

const id = 'c0ffee'

const row: ContainerSummary = {
  id,
  name: 'web',
  image: 'nginx:1.27',
  command: 'nginx -g daemon off;',
  state: 'running',
  status: 'Up 2 hours',
  created: 1_700_000_000,
  ports: [{ privatePort: 80, publicPort: 8080, protocol: 'tcp' }],
  labels: { tier: 'front' },
}

function event(action: string, attributes?: Record<string, string>): EngineEvent {
  return { Type: 'container', Action: action, Actor: { ID: id, Attributes: attributes } }
}

describe('container event reduction', () => {
  it('marks a row running on start, restart and unpause, keeping the rest of it', () => {
    const stopped = { ...row, state: 'exited' as const, status: 'Exited (0) 1 hour ago' }
    for (const action of ['start', 'restart', 'unpause']) {
      expect(applyContainerEvent(stopped, event(action))).toEqual({
        kind: 'upsert',
        container: { ...stopped, state: 'running', status: 'Up Less than a second' },
      })
    }
  })

  it('marks a row exited on die, with the exit code the engine sent', () => {
    const change = applyContainerEvent(row, event('die', { exitCode: '137' }))

    expect(change).toMatchObject({ kind: 'upsert', container: { state: 'exited' } })
    expect(change.kind === 'upsert' && change.container.status).toMatch(/^Exited \(137\)/)
  })

  it('does not modify the row it was given', () => {
    const before = structuredClone(row)
    applyContainerEvent(row, event('die', { exitCode: '1' }))

    expect(row).toEqual(before)
  })

  it('marks a row paused without doubling the suffix', () => {
    const paused = applyContainerEvent(row, event('pause'))
    const again =
      paused.kind === 'upsert' ? applyContainerEvent(paused.container, event('pause')) : paused

    expect(paused).toMatchObject({ container: { state: 'paused', status: 'Up 2 hours (Paused)' } })
    expect(again).toMatchObject({ container: { status: 'Up 2 hours (Paused)' } })
  })

  it('renames a row from the event, or asks for a read when the name is missing', () => {
    expect(applyContainerEvent(row, event('rename', { name: '/api' }))).toMatchObject({
      kind: 'upsert',
      container: { name: 'api' },
    })
    expect(applyContainerEvent(row, event('rename'))).toEqual({ kind: 'refresh', id })
  })

  it('removes the row on destroy, known or not', () => {
    expect(applyContainerEvent(row, event('destroy'))).toEqual({ kind: 'remove', id })
    expect(applyContainerEvent(undefined, event('destroy'))).toEqual({ kind: 'remove', id })
  })

  it('asks for a read of a container it has no row for when the event matters', () => {
    for (const action of ['create', 'start', 'die', 'rename']) {
      expect(applyContainerEvent(undefined, event(action))).toEqual({ kind: 'refresh', id })
    }
    expect(applyContainerEvent(undefined, event('exec_start: sh'))).toEqual({ kind: 'none' })
  })

  it('asks for a read on health changes, whose action carries a suffix', () => {
    expect(applyContainerEvent(row, event('health_status: unhealthy'))).toEqual({
      kind: 'refresh',
      id,
    })
  })

  it('ignores exec, attach and other events that do not change the row', () => {
    for (const action of ['exec_create: sh', 'exec_start: sh', 'attach', 'top', 'resize']) {
      expect(applyContainerEvent(row, event(action))).toEqual({ kind: 'none' })
    }
  })

  it('ignores events about anything but containers', () => {
    const network: EngineEvent = { Type: 'network', Action: 'destroy', Actor: { ID: id } }

    expect(applyContainerEvent(row, network)).toEqual({ kind: 'none' })
  })
})
