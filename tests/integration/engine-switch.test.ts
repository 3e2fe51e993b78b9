import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { createCore, type BerthCore } from '../../src-main/core'
import { silentLogger } from '../../src-main/log/logger'
import type { EngineEndpoint } from '../../src-preload/contract'
import { RecordingPeer } from '../harness/recording-peer'
import { testHost } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('choosing the engine', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup() {
    const dir = await mkdtemp('/tmp/berth-settings-')
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const settingsFile = join(dir, 'settings.json')
    /** A core as at an app start, with the address given on the command line, if any. */
    const start = (host: string | undefined): BerthCore => {
      const core = createCore({
        ...(host ? { engineHost: host } : {}),
        settingsFile,
        log: silentLogger,
      })
      cleanups.push(() => core.dispose())
      return core
    }
    return { settingsFile, start }
  }

  it('moves from a missing socket to the real engine, and remembers the choice', async () => {
    const { settingsFile, start } = await setup()
    const core = start('unix:///tmp/berth-no-such-dir/docker.sock')
    await waitFor('the missing engine to be reported', () =>
      core.engine.current.kind === 'unavailable' ? core.engine.current : undefined,
    )

    const peer = new RecordingPeer()
    const answer = await core.router.invoke(peer, 'engine.connectTo', { host: testHost() })
    expect(answer).toEqual({
      ok: true,
      value: { host: testHost(), source: 'setting' } satisfies EngineEndpoint,
    })
    await waitFor('the real engine', () => core.engine.current.kind === 'connected')
    const containers = await core.router.invoke(peer, 'containers.list', { all: true })
    expect(containers.ok).toBe(true)
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toEqual({ engineHost: testHost() })

    // A later start with no address given connects where the user chose.
    const again = start(undefined)
    expect(again.engine.current.endpoint).toEqual({ host: testHost(), source: 'setting' })
    await waitFor('the remembered engine', () => again.engine.current.kind === 'connected')
  })

  it('refuses addresses no engine has, and keeps the connection it had', async () => {
    const { settingsFile, start } = await setup()
    const core = start(testHost())
    await waitFor('the engine', () => core.engine.current.kind === 'connected')
    const peer = new RecordingPeer()

    for (const [host, words] of [
      ['ftp://x', 'which no engine speaks'],
      ['mirror.com', 'is not an address'],
      ['unix://relative/docker.sock', 'absolute path'],
      ['', 'is empty'],
    ] as const) {
      const answer = await core.router.invoke(peer, 'engine.connectTo', { host })
      expect(answer.ok).toBe(false)
      if (!answer.ok) {
        expect(answer.error.code).toBe('invalid-argument')
        expect(answer.error.message).toContain(words)
      }
    }
    expect(core.engine.current.kind).toBe('connected')
    await expect(readFile(settingsFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('forgets the address on request and finds the engine again', async () => {
    const { settingsFile, start } = await setup()
    const core = start(testHost())
    await waitFor('the engine', () => core.engine.current.kind === 'connected')
    const peer = new RecordingPeer()
    const answer = await core.router.invoke(peer, 'engine.connectTo', { host: null })
    expect(answer.ok).toBe(true)
    if (answer.ok) expect((answer.value as EngineEndpoint).source).not.toBe('setting')
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toEqual({})
  })
})
