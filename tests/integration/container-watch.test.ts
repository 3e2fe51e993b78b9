import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createCore, type BerthCore } from '../../src-main/core'
import { silentLogger } from '../../src-main/log/logger'
import type { ContainerListEvent, ContainerSummary } from '../../src-preload/contract'
import { removeTestResources, testLabel, testRunId } from '../harness/labels'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker, testHost } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('live container list', () => {
  let docker: Docker
  let core: BerthCore
  let running: Docker.Container
  let created: Docker.Container
  const peer = new RecordingPeer()
  const events = (): ContainerListEvent[] => peer.events<ContainerListEvent>('list')
  const snapshots = (): number => events().filter((e) => e.type === 'snapshot').length

  beforeAll(async () => {
    docker = testDocker()
    running = await createTestContainer(docker, { cmd: ['sleep', '600'], start: true })
    created = await createTestContainer(docker, { name: `watch-${testRunId}`, cmd: ['true'] })
    core = await startTestCore()
  })

  afterAll(async () => {
    core?.dispose()
    await removeTestResources(docker, testRunId)
  })

  it('opens with a snapshot that holds the containers already there', async () => {
    const opened = await core.router.open(peer, 'list', 'containers.watch', {})
    const first = await waitFor('the first list event', () => events()[0])

    expect(opened).toEqual({ ok: true, value: null })
    expect(first.type).toBe('snapshot')
    const rows = (first as { containers: ContainerSummary[] }).containers
    expect(rows.find((row) => row.id === running.id)).toMatchObject({
      state: 'running',
      image: 'berth-test/busybox:latest',
      labels: { [testLabel]: testRunId },
    })
    expect(rows.find((row) => row.id === created.id)).toMatchObject({
      state: 'created',
      name: `watch-${testRunId}`,
    })
  })

  it('makes a watcher that comes before the first read wait for the real list', async () => {
    const early = createCore({ engineHost: testHost(), log: silentLogger })
    try {
      const watcher = new RecordingPeer()
      await early.router.open(watcher, 'list', 'containers.watch', {})
      const first = await waitFor(
        'the first list event',
        () => watcher.events<ContainerListEvent>('list')[0],
      )

      // An empty list here would tell the user they have no containers.
      expect(first.type).toBe('snapshot')
      const rows = (first as { containers: ContainerSummary[] }).containers
      expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining([running.id, created.id]))
    } finally {
      early.dispose()
    }
  })

  it('follows a container started, stopped and removed outside Berth, row by row', async () => {
    const upsertOf = (id: string, state: string, after: number): boolean =>
      events()
        .slice(after)
        .some((e) => e.type === 'upsert' && e.container.id === id && e.container.state === state)

    const fresh = await createTestContainer(docker, { cmd: ['sleep', '600'] })
    let mark = events().length
    await fresh.start()
    await waitFor('an upsert to running', () => upsertOf(fresh.id, 'running', mark))

    mark = events().length
    await fresh.stop({ t: 1 })
    await waitFor('an upsert to exited', () => upsertOf(fresh.id, 'exited', mark))

    mark = events().length
    await fresh.remove()
    await waitFor('a remove', () =>
      events()
        .slice(mark)
        .some((e) => e.type === 'remove' && e.id === fresh.id),
    )

    expect(snapshots()).toBe(1)
  })
})
