import { describe, expect, it } from 'vitest'

import { BerthError } from '../../../src-preload/contract'
import { createClient } from '../../../src-renderer/src/api/client'
import { FakeBridge } from './fake-bridge'

describe('renderer client', () => {
  it('turns an error envelope into a BerthError with the engine’s status and words', async () => {
    const bridge = new FakeBridge()
    bridge.answer = () => ({
      ok: false,
      error: {
        code: 'engine-error',
        message: 'driver failed: port 8080 is already allocated',
        status: 500,
      },
    })
    const failure = await createClient(bridge)
      .invoke('containers.act', { ids: ['x'], action: 'start' })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(BerthError)
    expect(failure).toMatchObject({
      code: 'engine-error',
      status: 500,
      message: 'driver failed: port 8080 is already allocated',
    })
  })

  it('routes events to their stream and tells the owner when it ends', async () => {
    const bridge = new FakeBridge()
    const client = createClient(bridge)
    const seen: unknown[] = []
    let endedWith: BerthError | undefined | 'open' = 'open'
    const handle = await client.open(
      'engine.state',
      {},
      { event: (e) => seen.push(e), end: (error) => (endedWith = error) },
    )
    bridge.push('engine.state', { kind: 'connecting' })
    bridge.end('engine.state', { code: 'engine-unavailable', message: 'gone' })
    bridge.push('engine.state', { kind: 'connected' })

    expect(seen).toEqual([{ kind: 'connecting' }])
    expect(endedWith).toBeInstanceOf(BerthError)
    // A stream that ended is not closed again.
    handle.close()
    expect(bridge.closed).toEqual([])
  })
})
