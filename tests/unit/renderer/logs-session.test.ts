import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'

import type { LogEvent, LogSaveEvent } from '../../../src-preload/contract'
import { provideClient } from '../../../src-renderer/src/api'
import { LogSession } from '../../../src-renderer/src/logs/log-session'
import { useLogsStore } from '../../../src-renderer/src/stores/logs'
import { FakeClient } from './fake-client'

function batch(seq: number, lines: string[], source: 'stdout' | 'stderr' = 'stdout'): LogEvent {
  return { type: 'lines', seq, lines, runs: [{ source, count: lines.length }] }
}

describe('LogSession', () => {
  let client: FakeClient
  let painted: Array<() => void>
  let session: LogSession

  const paint = (): void => {
    for (const run of painted.splice(0)) run()
  }

  beforeEach(async () => {
    client = new FakeClient()
    painted = []
    session = new LogSession('web', client, 1000, (run) => painted.push(run))
    await session.open({ tail: 500, follow: true, timestamps: true, since: 1700000000 })
  })

  it('asks for what the options say', () => {
    expect(client.last('logs.follow').args).toEqual({
      container: 'web',
      follow: true,
      timestamps: true,
      tail: 500,
      since: 1700000000,
    })
  })

  it('acknowledges the latest batch once, after the page could paint', () => {
    const { callbacks, id } = client.last('logs.follow')
    callbacks.event(batch(1, ['a', 'b']))
    callbacks.event(batch(2, ['c']))
    expect(client.requestsOf('logs.ack')).toEqual([])
    paint()
    expect(client.requestsOf('logs.ack')).toEqual([{ streamId: id, seq: 2 }])
    expect(session.buffer.length).toBe(3)
    expect(session.status.value).toBe('following')
  })

  it('marks a stop and a restart among the lines', () => {
    const { callbacks } = client.last('logs.follow')
    callbacks.event(batch(1, ['first run']))
    callbacks.event({ type: 'stopped', exitCode: 137, at: '2024-05-01T10:00:00Z' })
    expect(session.status.value).toBe('waiting')
    callbacks.event({ type: 'started', at: '2024-05-01T10:00:05Z' })
    callbacks.event(batch(2, ['second run']))
    expect([0, 1, 2, 3].map((i) => session.row(i)?.kind)).toEqual([
      'stdout',
      'stopped',
      'started',
      'stdout',
    ])
    expect(session.row(1)?.text).toBe('137')
  })

  it('filters to matching lines and finds new matches as they come', () => {
    const { callbacks } = client.last('logs.follow')
    callbacks.event(batch(1, ['GET /', 'POST /login', 'GET /about']))
    session.search('get')
    session.setFiltered(true)
    expect(session.rowCount).toBe(2)
    callbacks.event(batch(2, ['GET /late'], 'stderr'))
    expect(session.rowCount).toBe(3)
    expect(session.row(2)?.text).toBe('GET /late')
    expect(session.rowOf(session.row(1)!.seq)).toBe(1)
    session.setFiltered(false)
    expect(session.rowCount).toBe(4)
  })

  it('holds no more than its scrollback after a million followed lines', () => {
    const { callbacks } = client.last('logs.follow')
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`)
    session.search('line 4999')
    for (let seq = 1; seq <= 200; seq++) callbacks.event(batch(seq, lines))
    expect(session.buffer.total).toBe(1_000_000)
    expect(session.buffer.length).toBe(1000)
    expect(session.matches.length).toBe(1)
    expect(session.row(999)?.text).toBe('line 4999')
  })

  it('ignores a stream it has replaced', async () => {
    const old = client.last('logs.follow')
    await session.open({ tail: 'all', follow: false, timestamps: false })
    expect(old.closed).toBe(true)
    old.callbacks.event(batch(9, ['stale']))
    expect(session.buffer.length).toBe(0)
    expect(client.last('logs.follow').args).toEqual({
      container: 'web',
      follow: false,
      timestamps: false,
    })
  })

  it('says why a log stopped', () => {
    client
      .last('logs.follow')
      .callbacks.end?.(
        Object.assign(new Error('No such container: web'), { code: 'not-found' }) as never,
      )
    expect(session.status.value).toBe('failed')
    expect(session.error.value).toBe('No such container: web')
  })

  it('follows a save from dialog to done, or hands on a download', async () => {
    await session.saveAll()
    const save = client.last('logs.save')
    expect(save.args).toEqual({ container: 'web', timestamps: true, since: 1700000000 })
    const events: LogSaveEvent[] = [
      { type: 'progress', path: '/tmp/web.log', bytes: 10 },
      { type: 'done', path: '/tmp/web.log', bytes: 20 },
    ]
    for (const event of events) save.callbacks.event(event)
    save.callbacks.end?.()
    expect(session.save.value).toEqual({ kind: 'done', path: '/tmp/web.log', bytes: 20 })

    await session.saveAll()
    client.last('logs.save').callbacks.event({ type: 'download', url: '/download/logs?c=web' })
    expect(session.save.value).toEqual({ kind: 'download', url: '/download/logs?c=web' })
  })
})

describe('logs store', () => {
  const storage = new Map<string, string>()

  beforeEach(() => {
    storage.clear()
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  function store(client: FakeClient) {
    const app = createApp({})
    provideClient(app, client)
    const pinia = createPinia()
    app.use(pinia)
    setActivePinia(pinia)
    return useLogsStore()
  }

  it('gives one session per container and closes its stream on release', async () => {
    const client = new FakeClient()
    const logs = store(client)
    const web = logs.session('web')
    expect(logs.session('web')).toBe(web)
    await web.open()
    logs.release('web')
    expect(client.last('logs.follow').closed).toBe(true)
    expect(logs.session('web')).not.toBe(web)
  })

  it('applies and remembers a new scrollback bound', async () => {
    const client = new FakeClient()
    const logs = store(client)
    const web = logs.session('web')
    expect(web.buffer.capacity).toBe(10_000)
    logs.scrollback = 1000
    await Promise.resolve()
    expect(web.buffer.capacity).toBe(1000)
    expect(storage.get('berth.logs.scrollback')).toBe('1000')
    expect(store(client).session('db').buffer.capacity).toBe(1000)
  })
})
