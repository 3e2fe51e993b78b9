import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from 'vue'

import type { ContainerSummary } from '../../../src-preload/contract'
import { provideClient } from '../../../src-renderer/src/api'
import { createClient } from '../../../src-renderer/src/api/client'
import { useContainersStore } from '../../../src-renderer/src/stores/containers'
import { FakeBridge } from './fake-bridge'

function row(id: string, patch: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id,
    name: `name-${id}`,
    image: 'busybox',
    command: 'sleep 1',
    state: 'running',
    status: 'Up 1 second',
    created: 1_700_000_000,
    ports: [],
    labels: {},
    ...patch,
  }
}

/** The store inside an app that provides a client over a fake bridge. */
function setup() {
  const bridge = new FakeBridge()
  const app = createApp({ render: () => null })
  provideClient(app, createClient(bridge))
  const pinia = createPinia()
  app.use(pinia)
  setActivePinia(pinia)
  const store = app.runWithContext(() => useContainersStore())
  return { bridge, store }
}

describe('containers store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the snapshot, then patches one row per change', async () => {
    const { bridge, store } = setup()
    await store.follow()
    expect(store.loaded).toBe(false)

    bridge.push('containers.watch', { type: 'snapshot', containers: [row('a'), row('b')] })
    expect(store.loaded).toBe(true)
    expect(store.all.map((c) => c.id)).toEqual(['a', 'b'])

    const before = store.byId.get('b')
    bridge.push('containers.watch', {
      type: 'upsert',
      container: row('a', { state: 'exited', status: 'Exited (0)' }),
    })
    expect(store.byId.get('a')?.state).toBe('exited')
    // The other row is the same object: nothing else was rebuilt.
    expect(store.byId.get('b')).toBe(before)

    bridge.push('containers.watch', { type: 'upsert', container: row('c') })
    bridge.push('containers.watch', { type: 'remove', id: 'b' })
    expect(store.all.map((c) => c.id).sort()).toEqual(['a', 'c'])
    expect(store.runningCount).toBe(1)
  })

  it('keeps the rows a new snapshot did not change, so their views are not redrawn', async () => {
    const { bridge, store } = setup()
    await store.follow()
    bridge.push('containers.watch', { type: 'snapshot', containers: [row('a'), row('b')] })
    const [a, b] = [store.byId.get('a'), store.byId.get('b')]

    bridge.push('containers.watch', {
      type: 'snapshot',
      containers: [row('a'), row('b', { status: 'Up 2 minutes' }), row('c')],
    })
    expect(store.byId.get('a')).toBe(a)
    expect(store.byId.get('b')).not.toBe(b)
    expect(store.byId.get('b')?.status).toBe('Up 2 minutes')
    expect(store.all.map((c) => c.id)).toEqual(['a', 'b', 'c'])

    bridge.push('containers.watch', {
      type: 'snapshot',
      containers: [row('a', { labels: { tier: 'web' } })],
    })
    expect(store.byId.get('a')).not.toBe(a)
    expect(store.all).toHaveLength(1)
  })

  it('keeps each failure of a bulk action with the engine’s message and the name', async () => {
    const { bridge, store } = setup()
    await store.follow()
    bridge.push('containers.watch', { type: 'snapshot', containers: [row('a'), row('b')] })
    bridge.answer = () => ({
      ok: true,
      value: [
        { id: 'a' },
        {
          id: 'b',
          error: { code: 'conflict', message: 'container is not running', status: 409 },
        },
      ],
    })

    const running = store.act(['a', 'b'], 'stop')
    expect(store.busy.get('a')).toBe('stop')
    await running

    expect(store.busy.size).toBe(0)
    expect(store.failures).toMatchObject([
      { action: 'stop', name: 'name-b', message: 'container is not running' },
    ])
    expect(bridge.calls.at(-1)).toEqual({
      method: 'containers.act',
      args: { ids: ['a', 'b'], action: 'stop' },
    })

    store.dismiss(store.failures[0]!.key)
    expect(store.failures).toEqual([])
  })

  it('reports a refused request as a failure of every container it named', async () => {
    const { bridge, store } = setup()
    bridge.answer = () => ({
      ok: false,
      error: { code: 'engine-unavailable', message: 'No engine socket at /x.' },
    })
    await store.act(['a', 'b'], 'start')
    expect(store.failures.map((f) => f.message)).toEqual([
      'No engine socket at /x.',
      'No engine socket at /x.',
    ])
    expect(store.busy.size).toBe(0)
  })

  it('closes its stream when stopped', async () => {
    const { bridge, store } = setup()
    await store.follow()
    store.stop()
    expect(bridge.closed).toEqual([bridge.opened[0]!.streamId])
  })

  it('refresh says why it failed', async () => {
    const { bridge, store } = setup()
    bridge.answer = () => ({
      ok: false,
      error: { code: 'engine-error', message: 'boom', status: 500 },
    })
    await store.refresh()
    expect(store.refreshing).toBe(false)
    expect(store.refreshError).toBe('boom')
  })
})
