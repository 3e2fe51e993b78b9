import { PassThrough } from 'node:stream'

import type Docker from 'dockerode'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { describeFailure, EngineConnection } from '../../src-main/engine/connection'
import type { EngineEvent } from '../../src-main/engine/engine-event'
import { silentLogger } from '../../src-main/log/logger'
import type { EngineEndpoint, EngineState } from '../../src-preload/contract'

const endpoint: EngineEndpoint = { host: 'unix:///run/test/docker.sock', source: 'setting' }

const socketError = (code: string): Error =>
  Object.assign(new Error(`connect ${code} /run/test/docker.sock`), { code })

/**
 * A stand-in for dockerode: each connection attempt either fails with the
 * next queued error or succeeds and hands out an event stream the test drives.
 */
class FakeEngine {
  readonly failures: Error[] = []
  readonly streams: PassThrough[] = []
  /** When each connection attempt was made, by the fake clock. */
  readonly attemptTimes: number[] = []
  pingError: Error | undefined = socketError('ENOENT')
  securityOptions = ['name=seccomp,profile=default']

  client(): Docker {
    return {
      version: () => {
        this.attemptTimes.push(Date.now())
        const failure = this.failures.shift()
        if (failure) return Promise.reject(failure)
        return Promise.resolve({ Version: '27.3.1', ApiVersion: '1.47', Os: 'linux' })
      },
      info: () => Promise.resolve({ Name: 'build-box', SecurityOptions: this.securityOptions }),
      getEvents: () => {
        const stream = new PassThrough()
        this.streams.push(stream)
        return Promise.resolve(stream)
      },
      ping: () => (this.pingError ? Promise.reject(this.pingError) : Promise.resolve('OK')),
    } as unknown as Docker
  }

  /** Ends the newest event stream, as an engine does when it stops. */
  dropStream(): void {
    this.streams.at(-1)!.destroy(new Error('aborted'))
  }
}

describe('engine connection', () => {
  let engine: FakeEngine
  let connection: EngineConnection
  let states: EngineState[]
  /** When each state was announced, by the fake clock. */
  let announcedAt: number[]

  beforeEach(() => {
    vi.useFakeTimers()
    engine = new FakeEngine()
    connection = new EngineConnection({
      endpoint,
      log: silentLogger,
      createClient: () => engine.client(),
    })
    states = []
    announcedAt = []
    connection.onState((state) => {
      states.push(state)
      announcedAt.push(Date.now())
    })
  })

  afterEach(() => {
    connection.stop()
    vi.useRealTimers()
  })

  /** Each retry's wait, as the unavailable states announce it to the user. */
  const announcedDelays = (): number[] =>
    states.flatMap((s, i) => (s.kind === 'unavailable' ? [s.retryAt - announcedAt[i]!] : []))

  it('goes from connecting to connected with what the engine says about itself', async () => {
    expect(connection.current).toEqual({ kind: 'connecting', endpoint })

    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    expect(states).toEqual([
      {
        kind: 'connected',
        endpoint,
        info: {
          version: '27.3.1',
          apiVersion: '1.47',
          os: 'linux',
          name: 'build-box',
          rootless: false,
        },
      },
    ])
  })

  it('notices a rootless engine', async () => {
    engine.securityOptions = ['name=seccomp,profile=default', 'name=rootless']

    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    expect(connection.current).toMatchObject({ info: { rootless: true } })
  })

  it('passes on container events in order, across chunk boundaries', async () => {
    const seen: EngineEvent[] = []
    connection.onEvent((event) => seen.push(event))
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    const line = (id: string): string =>
      JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: id } }) + '\n'
    const both = line('a') + line('b')
    engine.streams[0]!.write(both.slice(0, 20))
    engine.streams[0]!.write(both.slice(20))
    await vi.advanceTimersByTimeAsync(0)

    expect(seen.map((e) => e.Actor.ID)).toEqual(['a', 'b'])
  })

  it('switches to another engine, and an answer from the old one changes nothing', async () => {
    let releaseOld: (() => void) | undefined
    const slow = engine.client()
    const hosts: string[] = []
    connection = new EngineConnection({
      endpoint,
      log: silentLogger,
      createClient: (target) => {
        hosts.push(target.host)
        if (hosts.length > 1) return engine.client()
        // The first engine answers only after the user has moved on.
        return {
          ...slow,
          version: () =>
            new Promise((resolve) => {
              releaseOld = () => resolve({ Version: '1.0', ApiVersion: '1.0', Os: 'linux' })
            }),
        } as unknown as Docker
      },
    })
    const seen: EngineState[] = []
    connection.onState((state) => seen.push(state))
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    const other: EngineEndpoint = { host: 'unix:///run/other/docker.sock', source: 'setting' }
    connection.switchTo(other)
    await vi.advanceTimersByTimeAsync(0)
    releaseOld?.()
    await vi.advanceTimersByTimeAsync(0)

    expect(hosts).toEqual([endpoint.host, other.host])
    expect(seen.map((s) => `${s.kind} ${s.endpoint.host}`)).toEqual([
      `connecting ${other.host}`,
      `connected ${other.host}`,
    ])
    expect(connection.current).toMatchObject({ kind: 'connected', info: { version: '27.3.1' } })
  })

  it('reports why a stopped engine went away, from a ping after the stream broke', async () => {
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    engine.pingError = socketError('ECONNREFUSED')
    engine.dropStream()
    await vi.advanceTimersByTimeAsync(0)

    expect(connection.current).toMatchObject({ kind: 'unavailable', problem: 'not-running' })
  })

  it('reports a dropped stream of a live engine as an engine failure', async () => {
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    engine.pingError = undefined
    engine.dropStream()
    await vi.advanceTimersByTimeAsync(0)

    expect(connection.current).toMatchObject({
      kind: 'unavailable',
      problem: 'daemon-error',
      message: expect.stringContaining('aborted'),
    })
  })

  it('retries with a doubling delay that never exceeds 1500 ms, then reconnects', async () => {
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    engine.failures.push(...Array.from({ length: 8 }, () => socketError('ENOENT')))

    engine.dropStream()
    const droppedAt = Date.now()
    await vi.advanceTimersByTimeAsync(20_000)

    const waits = [250, 500, 1000, 1500, 1500, 1500, 1500, 1500, 1500]
    expect(announcedDelays()).toEqual(waits)
    const retries = engine.attemptTimes.slice(1)
    expect(retries.map((at, i) => at - (retries[i - 1] ?? droppedAt))).toEqual(waits)
    expect(states.at(-1)?.kind).toBe('connected')
    expect(states.slice(1, -1).every((s) => s.kind === 'unavailable')).toBe(true)
  })

  it('starts the delays over after a successful connection', async () => {
    engine.failures.push(socketError('ENOENT'), socketError('ENOENT'))
    connection.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(connection.current.kind).toBe('connected')

    engine.dropStream()
    await vi.advanceTimersByTimeAsync(0)

    expect(announcedDelays()).toEqual([250, 500, 250])
  })

  it('refuses requests while unavailable, with the reason the user is shown', async () => {
    engine.failures.push(socketError('ENOENT'))
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    expect(() => connection.client).toThrow(
      expect.objectContaining({
        code: 'engine-unavailable',
        message: 'No engine socket at unix:///run/test/docker.sock.',
      }),
    )
  })

  it('tries nothing more once stopped', async () => {
    engine.failures.push(socketError('ENOENT'))
    connection.start()
    await vi.advanceTimersByTimeAsync(0)

    connection.stop()
    const attempts = engine.attemptTimes.length
    const count = states.length
    await vi.advanceTimersByTimeAsync(10_000)

    expect(engine.attemptTimes).toHaveLength(attempts)
    expect(states).toHaveLength(count)
  })
})

describe('describeFailure', () => {
  it.each([
    ['ENOENT', 'socket-missing', 'No engine socket at unix:///run/test/docker.sock.'],
    ['ECONNREFUSED', 'not-running', 'the engine is not running'],
    ['ECONNRESET', 'not-running', 'it is stopping or has stopped'],
    ['EPIPE', 'not-running', 'it is stopping or has stopped'],
    ['EACCES', 'permission-denied', 'Permission denied on unix:///run/test/docker.sock'],
    ['EPERM', 'permission-denied', 'Permission denied'],
  ])('tells %s apart as %s', (code, problem, words) => {
    const described = describeFailure(socketError(code), endpoint)

    expect(described.problem).toBe(problem)
    expect(described.message).toContain(words)
  })

  it('reports anything else as an engine failure with its own message', () => {
    const described = describeFailure(new Error('certificate has expired'), endpoint)

    expect(described).toEqual({
      problem: 'daemon-error',
      message: 'The engine at unix:///run/test/docker.sock failed: certificate has expired',
    })
  })
})
