import { afterEach, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { EngineState } from '../../src-preload/contract'
import { RecordingPeer } from '../harness/recording-peer'
import { startTestCore, testDocker, testHost } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('engine connection', () => {
  let core: BerthCore | undefined

  afterEach(() => {
    core?.dispose()
    core = undefined
  })

  it('connects and reports the version the daemon itself reports', async () => {
    const version = await testDocker().version()

    core = await startTestCore()

    expect(core.engine.current).toMatchObject({
      kind: 'connected',
      endpoint: { host: testHost(), source: 'setting' },
      info: { version: version.Version, apiVersion: version.ApiVersion, os: version.Os },
    })
  })

  it('tells a renderer the connected state by request and by stream', async () => {
    core = await startTestCore()
    const peer = new RecordingPeer()

    const reply = await core.router.invoke(peer, 'engine.state', {})
    const opened = await core.router.open(peer, 'state', 'engine.state', {})
    const first = await waitFor('the first state event', () => peer.events<EngineState>('state')[0])

    expect(reply).toEqual({ ok: true, value: core.engine.current })
    expect(opened).toEqual({ ok: true, value: null })
    expect(first.kind).toBe('connected')
  })
})
