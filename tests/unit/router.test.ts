import { describe, expect, it, vi } from 'vitest'

import {
  Router,
  type Peer,
  type RequestHandlers,
  type StreamHandlers,
} from '../../src-main/ipc/router'
import type { Logger } from '../../src-main/log/logger'
import { BerthError, type StreamMessage } from '../../src-preload/contract'

type Emit = (event: unknown) => void
type End = (error?: BerthError) => void

/** A router over fake handlers, with what they saw and what the log got. */
function setup() {
  const act = vi.fn((args: { ids: string[] }) => Promise.resolve(args.ids.map((id) => ({ id }))))
  const state = vi.fn(() => Promise.resolve({ kind: 'connecting' }))
  const streams: Array<{ emit: Emit; end: End; stop: ReturnType<typeof vi.fn> }> = []
  const watch = vi.fn((_args: unknown, emit: Emit, end: End) => {
    const stop = vi.fn()
    streams.push({ emit, end, stop })
    return stop
  })
  const errors: string[] = []
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (message) => errors.push(message),
    child: () => log,
  }
  const router = new Router(
    { 'containers.act': act, 'engine.state': state } as unknown as RequestHandlers,
    { 'containers.watch': watch, 'engine.state': watch } as unknown as StreamHandlers,
    log,
  )
  return { router, act, state, watch, streams, errors }
}

function peer(id = 'window-1'): Peer & { messages: StreamMessage[] } {
  const messages: StreamMessage[] = []
  return { id, messages, send: (message) => messages.push(message) }
}

describe('router requests', () => {
  it('hands valid arguments and the peer to the handler and wraps its answer', async () => {
    const { router, act } = setup()
    const from = peer()

    const reply = await router.invoke(from, 'containers.act', { ids: ['web'], action: 'stop' })

    expect(reply).toEqual({ ok: true, value: [{ id: 'web' }] })
    expect(act).toHaveBeenCalledWith({ ids: ['web'], action: 'stop' }, from)
  })

  it('refuses invalid arguments with their path, without calling the handler', async () => {
    const { router, act } = setup()

    const reply = await router.invoke(peer(), 'containers.act', {
      ids: ['web', 'a b'],
      action: 'stop',
    })

    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', path: 'ids.1' },
    })
    expect(act).not.toHaveBeenCalled()
  })

  it('treats missing arguments as empty ones', async () => {
    const { router, state } = setup()

    expect(await router.invoke(peer(), 'engine.state', undefined)).toMatchObject({ ok: true })
    expect(state).toHaveBeenCalledOnce()
  })

  it('refuses a method that is not in the contract, including inherited names', async () => {
    const { router } = setup()

    for (const method of ['containers.explode', 'toString', '__proto__', 7, undefined]) {
      expect(await router.invoke(peer(), method, {})).toMatchObject({
        ok: false,
        error: { code: 'unknown-method' },
      })
    }
  })

  it("passes an engine failure on with the engine's status and message", async () => {
    const { router, act } = setup()
    act.mockRejectedValueOnce(
      Object.assign(new Error('(HTTP code 409) unexpected'), {
        statusCode: 409,
        json: { message: 'You cannot remove a running container abc.' },
      }),
    )

    const reply = await router.invoke(peer(), 'containers.act', { ids: ['abc'], action: 'remove' })

    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        status: 409,
        message: 'You cannot remove a running container abc.',
      },
    })
  })

  it('reports a bug in a handler as internal and logs it', async () => {
    const { router, act, errors } = setup()
    act.mockRejectedValueOnce(new TypeError('x is undefined'))

    const reply = await router.invoke(peer(), 'containers.act', { ids: ['a'], action: 'start' })

    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } })
    expect(errors).toEqual(['request failed'])
  })
})

describe('router streams', () => {
  it('forwards events under the stream id the peer chose', async () => {
    const { router, streams } = setup()
    const from = peer()

    expect(await router.open(from, 'list-1', 'containers.watch', {})).toEqual({
      ok: true,
      value: null,
    })
    streams[0]!.emit({ type: 'remove', id: 'a' })

    expect(from.messages).toEqual([{ streamId: 'list-1', event: { type: 'remove', id: 'a' } }])
    expect(router.openStreamCount(from)).toBe(1)
  })

  it('refuses a bad stream id, an unknown stream, bad arguments and a duplicate id', async () => {
    const { router, watch } = setup()
    const from = peer()
    await router.open(from, 'taken', 'containers.watch', {})

    const replies = [
      await router.open(from, 'has space', 'containers.watch', {}),
      await router.open(from, 'x'.repeat(65), 'containers.watch', {}),
      await router.open(from, 42, 'containers.watch', {}),
      await router.open(from, 'ok', 'containers.explode', {}),
      await router.open(from, 'ok', 'containers.watch', { all: true }),
      await router.open(from, 'taken', 'containers.watch', {}),
    ]

    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'invalid-argument',
      'invalid-argument',
      'invalid-argument',
      'unknown-method',
      'invalid-argument',
      'invalid-argument',
    ])
    expect(watch).toHaveBeenCalledOnce()
    expect(router.openStreamCount(from)).toBe(1)
  })

  it('stops a stream when the peer closes it, and only that one', async () => {
    const { router, streams } = setup()
    const from = peer()
    await router.open(from, 'a', 'containers.watch', {})
    await router.open(from, 'b', 'engine.state', {})

    router.close(from, 'a')
    router.close(from, 'a')
    router.close(from, 'never-opened')

    expect(streams[0]!.stop).toHaveBeenCalledOnce()
    expect(streams[1]!.stop).not.toHaveBeenCalled()
    expect(router.openStreamCount(from)).toBe(1)
  })

  it('stops every stream of a departed peer and leaves other peers alone', async () => {
    const { router, streams } = setup()
    const leaving = peer('web-1')
    const staying = peer('web-2')
    await router.open(leaving, 'a', 'containers.watch', {})
    await router.open(leaving, 'b', 'engine.state', {})
    await router.open(staying, 'a', 'containers.watch', {})

    router.disconnect(leaving)

    expect(streams.map((s) => s.stop.mock.calls.length)).toEqual([1, 1, 0])
    expect(router.openStreamCount(leaving)).toBe(0)
    expect(router.openStreamCount(staying)).toBe(1)
  })

  it('tells the peer when a handler ends a stream, and sends nothing after', async () => {
    const { router, streams } = setup()
    const from = peer()
    await router.open(from, 'a', 'containers.watch', {})

    const failure = new BerthError({ code: 'engine-unavailable', message: 'gone' })
    streams[0]!.end(failure)
    streams[0]!.end()
    streams[0]!.emit({ late: true })

    expect(from.messages).toEqual([
      { streamId: 'a', end: true, error: { code: 'engine-unavailable', message: 'gone' } },
    ])
    expect(streams[0]!.stop).toHaveBeenCalledOnce()
    expect(router.openStreamCount(from)).toBe(0)
  })

  it('stops a stream its handler ended while starting, and does not count it open', async () => {
    const { router, watch } = setup()
    const stop = vi.fn()
    watch.mockImplementationOnce((_args, _emit, end) => {
      end()
      return stop
    })
    const from = peer()

    await router.open(from, 'a', 'containers.watch', {})

    expect(stop).toHaveBeenCalledOnce()
    expect(router.openStreamCount(from)).toBe(0)
    expect(from.messages).toEqual([{ streamId: 'a', end: true }])
  })

  it('lets one peer hold at most 256 streams', async () => {
    const { router } = setup()
    const from = peer()
    for (let i = 0; i < 256; i++) {
      expect((await router.open(from, `s${i}`, 'containers.watch', {})).ok).toBe(true)
    }

    const over = await router.open(from, 'one-more', 'containers.watch', {})

    expect(over).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(router.openStreamCount(from)).toBe(256)
  })
})
