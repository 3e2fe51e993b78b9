import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { LogEvent, LogQuery } from '../../src-preload/contract'
import { removeTestResources, testRunId } from '../harness/labels'
import { engineConnections, linesOf } from '../harness/log-lines'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker, testHost } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('container logs through the router', () => {
  let docker: Docker
  let core: BerthCore
  let peer: RecordingPeer
  let nextStream = 1

  beforeAll(async () => {
    docker = testDocker()
    core = await startTestCore()
  })

  afterAll(async () => {
    core?.dispose()
    await removeTestResources(docker, testRunId)
  })

  /** Opens a log stream and acknowledges every batch, as the renderer does. */
  const follow = async (query: LogQuery): Promise<string> => {
    peer ??= new RecordingPeer()
    const streamId = `logs-${nextStream++}`
    const reply = await core.router.open(peer, streamId, 'logs.follow', query)
    expect(reply).toEqual({ ok: true, value: null })
    return streamId
  }

  const ackAll = (streamId: string): Promise<unknown> => {
    const batches = peer.events<LogEvent>(streamId).filter((e) => e.type === 'lines')
    const seq = batches[batches.length - 1]?.seq
    return seq ? core.router.invoke(peer, 'logs.ack', { streamId, seq }) : Promise.resolve()
  }

  /** Waits for a finite log to end, acknowledging as it goes. */
  const readToEnd = async (streamId: string, timeoutMs = 30_000): Promise<LogEvent[]> => {
    await waitFor(
      'the log stream to end',
      async () => {
        await ackAll(streamId)
        return peer.ended(streamId)
      },
      { timeoutMs },
    )
    return peer.events<LogEvent>(streamId)
  }

  const exited = async (container: Docker.Container): Promise<void> => {
    await container.wait()
  }

  it('keeps coloured stdout and stderr lines apart and intact', async () => {
    const script = [
      `printf '\\033[31mred on stdout\\033[0m\\n'`,
      'sleep 0.05',
      `printf '\\033[1;33mbold yellow on stderr\\033[0m\\n' >&2`,
      'sleep 0.05',
      `printf 'plain on stdout\\r\\n'`,
      'sleep 0.05',
      `printf 'ünïcødé ✓ on stderr\\n' >&2`,
    ].join('; ')
    const container = await createTestContainer(docker, { cmd: ['sh', '-c', script], start: true })
    await exited(container)

    const streamId = await follow({ container: container.id, follow: false, timestamps: false })
    const lines = linesOf(await readToEnd(streamId))

    expect(lines.map(({ source, text }) => ({ source, text }))).toEqual([
      { source: 'stdout', text: '\x1b[31mred on stdout\x1b[0m' },
      { source: 'stderr', text: '\x1b[1;33mbold yellow on stderr\x1b[0m' },
      { source: 'stdout', text: 'plain on stdout' },
      { source: 'stderr', text: 'ünïcødé ✓ on stderr' },
    ])
    expect(peer.messages.find((m) => m.streamId === streamId && 'end' in m)).not.toHaveProperty(
      'error',
    )
  })

  it('reads a TTY container’s log undemultiplexed, colours kept', async () => {
    const container = await createTestContainer(docker, {
      cmd: ['sh', '-c', `printf '\\033[32mgreen\\033[0m\\n'; echo second`],
      tty: true,
      start: true,
    })
    await exited(container)

    const streamId = await follow({ container: container.id, follow: false, timestamps: false })
    const lines = linesOf(await readToEnd(streamId))
    expect(lines).toEqual([
      { source: 'stdout', text: '\x1b[32mgreen\x1b[0m', continued: false },
      { source: 'stdout', text: 'second', continued: false },
    ])
  })

  it('delivers 200,000 lines complete and in order, in few batches', async () => {
    const count = 200_000
    const container = await createTestContainer(docker, {
      cmd: ['seq', '1', String(count)],
      start: true,
    })
    await exited(container)

    const streamId = await follow({ container: container.id, follow: false, timestamps: false })
    const events = await readToEnd(streamId, 60_000)
    const lines = linesOf(events)

    expect(lines).toHaveLength(count)
    const wrong = lines.findIndex((line, i) => line.text !== String(i + 1))
    expect(wrong).toBe(-1)
    expect(events.filter((e) => e.type === 'lines').length).toBeLessThan(count / 1000)
  })

  it('cuts a 10 MB line into marked pieces that join back whole', async () => {
    const size = 10_000_000
    const container = await createTestContainer(docker, {
      cmd: ['sh', '-c', `echo before; printf '%${size}s' x; echo; echo after`],
      start: true,
    })
    await exited(container)

    const streamId = await follow({ container: container.id, follow: false, timestamps: false })
    const lines = linesOf(await readToEnd(streamId, 60_000))

    expect(lines[0]?.text).toBe('before')
    expect(lines[lines.length - 1]).toEqual({ source: 'stdout', text: 'after', continued: false })
    const pieces = lines.slice(1, -1)
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.slice(0, -1).every((p) => p.continued)).toBe(true)
    expect(pieces[pieces.length - 1]!.continued).toBe(false)
    const joined = pieces.map((p) => p.text).join('')
    expect(joined).toHaveLength(size)
    expect(joined.endsWith(' x')).toBe(true)
  })

  it('follows a container across a restart, marked, with no line twice', async () => {
    const container = await createTestContainer(docker, {
      cmd: ['sh', '-c', 'echo run-start; sleep 600'],
      start: true,
    })
    const streamId = await follow({ container: container.id, follow: true, timestamps: false })
    const texts = (): string[] => linesOf(peer.events<LogEvent>(streamId)).map((l) => l.text)
    await waitFor('the first run’s line', () => texts().includes('run-start'))

    await container.restart({ t: 0 })

    await waitFor('the second run’s line', async () => {
      await ackAll(streamId)
      return texts().filter((t) => t === 'run-start').length === 2
    })
    const kinds = peer.events<LogEvent>(streamId).map((e) => e.type)
    const stopped = kinds.indexOf('stopped')
    const started = kinds.indexOf('started')
    expect(stopped).toBeGreaterThan(0)
    expect(started).toBeGreaterThan(stopped)
    expect(kinds.lastIndexOf('lines')).toBeGreaterThan(started)
    expect(peer.ended(streamId)).toBe(false)

    // Lines written later still arrive; nothing old comes again.
    await container.stop({ t: 0 })
    await container.start()
    await waitFor('the third run’s line', async () => {
      await ackAll(streamId)
      return texts().filter((t) => t === 'run-start').length === 3
    })
    expect(texts()).toEqual(['run-start', 'run-start', 'run-start'])
    core.router.close(peer, streamId)
  })

  it('ends an empty log at once, and a followed one of a removed container', async () => {
    const silent = await createTestContainer(docker, { cmd: ['true'], start: true })
    await exited(silent)
    const streamId = await follow({ container: silent.id, follow: false, timestamps: false })
    expect(linesOf(await readToEnd(streamId))).toEqual([])

    const doomed = await createTestContainer(docker, { cmd: ['sleep', '600'], start: true })
    const followed = await follow({ container: doomed.id, follow: true, timestamps: false })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await doomed.remove({ force: true })
    await waitFor('the followed stream to end', () => peer.ended(followed))
  })

  it('answers a missing container with not-found', async () => {
    const streamId = await follow({
      container: 'no-such-container',
      follow: true,
      timestamps: false,
    })
    await waitFor('the stream to end', () => peer.ended(streamId))
    const end = peer.messages.find((m) => m.streamId === streamId && 'end' in m)
    expect(end).toMatchObject({ error: { code: 'not-found' } })
  })

  it('prefixes timestamps when asked', async () => {
    const container = await createTestContainer(docker, { cmd: ['echo', 'stamped'], start: true })
    await exited(container)
    const streamId = await follow({ container: container.id, follow: false, timestamps: true })
    const [line] = linesOf(await readToEnd(streamId))
    expect(line?.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z stamped$/)
  })

  it('pauses reading while batches go unacknowledged', async () => {
    const container = await createTestContainer(docker, {
      // Batches hold up to 20,000 lines: enough for more than the window of 16.
      cmd: ['seq', '1', '500000'],
      start: true,
    })
    await exited(container)
    const streamId = await follow({ container: container.id, follow: false, timestamps: false })
    await waitFor('the window to fill', () => peer.events(streamId).length >= 16)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(peer.events(streamId)).toHaveLength(16)
    expect(peer.ended(streamId)).toBe(false)

    const lines = linesOf(await readToEnd(streamId))
    expect(lines).toHaveLength(500_000)
  })

  it('closes the engine’s side of a followed log when the peer goes away', async () => {
    const container = await createTestContainer(docker, {
      cmd: ['sh', '-c', 'echo ready; sleep 600'],
      start: true,
    })
    const host = testHost()
    const leaving = new RecordingPeer()
    const ids = ['gone-a', 'gone-b', 'gone-c']
    for (const streamId of ids) {
      await core.router.open(leaving, streamId, 'logs.follow', {
        container: container.id,
        follow: true,
        timestamps: false,
      })
    }
    // A stream that has delivered a line is open on the engine's side.
    await waitFor('every stream’s first line', () =>
      ids.every((id) => leaving.events(id).length > 0),
    )
    const whileOpen = await engineConnections(host)
    expect(core.logs.openFollowers).toBe(3)

    core.router.disconnect(leaving)

    expect(core.logs.openFollowers).toBe(0)
    await waitFor(
      'the engine to close all three',
      async () => (await engineConnections(host)) <= whileOpen - 3,
    )
  })
})
