import type Docker from 'dockerode'
import { afterAll, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { ContainerListEvent, ContainerSummary, EngineState } from '../../src-preload/contract'
import { engineClient } from '../harness/engine-client'
import { removeDaemonDir, startPrivateDaemon, type PrivateDaemon } from '../harness/private-daemon'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore } from '../harness/test-core'
import { ensureBusyboxImage } from '../harness/test-image'
import { waitFor } from '../harness/wait'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs on a daemon of its own, since it stops and starts it: the run's shared
 * engine must stay up for the other files.
 */
describe('an engine that goes away and comes back', () => {
  let daemon: PrivateDaemon | undefined
  /** The folder kept between the two daemons, for when the test fails in between. */
  let keptDir: string | undefined
  let core: BerthCore | undefined

  afterAll(async () => {
    core?.dispose()
    await daemon?.stop()
    if (!daemon && keptDir) await removeDaemonDir(keptDir)
  })

  it('reports the outage promptly and resyncs the list soon after the engine answers', async () => {
    daemon = await startPrivateDaemon()
    const docker: Docker = engineClient(daemon.host)
    await ensureBusyboxImage(docker)
    const survivor = await createTestContainer(docker, { cmd: ['sleep', '600'], start: true })

    core = await startTestCore(daemon.host)
    const peer = new RecordingPeer()
    await core.router.open(peer, 'state', 'engine.state', {})
    await core.router.open(peer, 'list', 'containers.watch', {})
    const states = (): EngineState[] => peer.events<EngineState>('state')
    const snapshots = (): ContainerSummary[][] =>
      peer
        .events<ContainerListEvent>('list')
        .flatMap((e) => (e.type === 'snapshot' ? [e.containers] : []))
    await waitFor('a snapshot with the container running', () =>
      snapshots().some((rows) => rows.some((r) => r.id === survivor.id && r.state === 'running')),
    )

    keptDir = daemon.dir
    const seen = states().length
    await daemon.stop({ keepDir: true })
    daemon = undefined
    const outage = await waitFor(
      'the state stream to report the engine unavailable',
      () =>
        states()
          .slice(seen)
          .find((s) => s.kind === 'unavailable'),
      { timeoutMs: 1000 },
    )
    expect(['not-running', 'socket-missing']).toContain(outage.problem)

    // Long enough for the retry delay to grow to its cap.
    await sleep(3000)
    const during = states().slice(seen)
    expect(during.every((s) => s.kind === 'unavailable')).toBe(true)
    for (const state of during as Array<{ problem: string }>) {
      expect(['not-running', 'socket-missing']).toContain(state.problem)
    }
    const refused = await core.router.invoke(peer, 'containers.list', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } })

    const snapshotsBefore = snapshots().length
    daemon = await startPrivateDaemon({ dir: keptDir })
    await waitFor('the list to resync', () => snapshots().length > snapshotsBefore, {
      timeoutMs: 2000,
    })

    expect(core.engine.current).toMatchObject({
      kind: 'connected',
      endpoint: { host: daemon.host },
    })
    // The engine stopped the container on its way down; the new list says so.
    expect(
      snapshots()
        .at(-1)!
        .find((r) => r.id === survivor.id)?.state,
    ).toBe('exited')
  })
})
