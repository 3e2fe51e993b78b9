import type { z } from 'zod'

import {
  BerthError,
  isRequestName,
  isStreamName,
  type Envelope,
  type Requests,
  type StreamMessage,
  type Streams,
} from '../../src-preload/contract'
import type { Logger } from '../log/logger'
import { toBerthError } from './errors'
import { requestSchemas, streamSchemas } from './schemas'

/** One connected renderer: a window's web contents or a WebSocket. */
export interface Peer {
  readonly id: string
  send(message: StreamMessage): void
}

type RequestMap<R> = { [K in keyof R]: { args: unknown; result: unknown } }
type StreamMap<S> = { [K in keyof S]: { args: unknown; event: unknown } }

/** Handlers for one feature's requests, typed by its part of the contract. */
export type RequestHandlersOf<R extends RequestMap<R>> = {
  [K in keyof R]: (args: R[K]['args'], peer: Peer) => Promise<R[K]['result']>
}

/** Who opened a stream, for handlers that take requests addressed to it. */
export interface StreamContext {
  peer: Peer
  streamId: string
}

/** Starts a stream and returns the function that stops it. */
export type StreamHandlersOf<S extends StreamMap<S>> = {
  [K in keyof S]: (
    args: S[K]['args'],
    emit: (event: S[K]['event']) => void,
    end: (error?: BerthError) => void,
    context: StreamContext,
  ) => () => void
}

export type RequestSchemasOf<R extends RequestMap<R>> = { [K in keyof R]: z.ZodType<R[K]['args']> }
export type StreamSchemasOf<S extends StreamMap<S>> = { [K in keyof S]: z.ZodType<S[K]['args']> }

export type RequestHandlers = RequestHandlersOf<Requests>
export type StreamHandlers = StreamHandlersOf<Streams>

const maxStreamsPerPeer = 256
const streamIdPattern = /^[A-Za-z0-9_-]{1,64}$/

/**
 * Carries requests from any transport to their handlers. Every argument is
 * validated before a handler sees it, every failure comes back as an
 * envelope, and every stream a peer opened is closed when the peer goes.
 */
export class Router {
  private readonly streams = new Map<string, Map<string, () => void>>()

  constructor(
    private readonly requests: RequestHandlers,
    private readonly streamHandlers: StreamHandlers,
    private readonly log: Logger,
  ) {}

  async invoke(peer: Peer, method: unknown, args: unknown): Promise<Envelope<unknown>> {
    try {
      if (!isRequestName(method)) {
        throw new BerthError({
          code: 'unknown-method',
          message: `There is no request named ${JSON.stringify(method)}.`,
        })
      }
      const valid = parse(requestSchemas[method] as z.ZodType<unknown>, args ?? {}, method)
      const handler = this.requests[method] as (a: unknown, p: Peer) => Promise<unknown>
      return { ok: true, value: await handler(valid, peer) }
    } catch (error) {
      const failure = toBerthError(error)
      if (failure.code === 'internal') {
        this.log.error('request failed', { method, error, stack: (error as Error)?.stack })
      }
      return { ok: false, error: failure.toData() }
    }
  }

  async open(peer: Peer, streamId: unknown, name: unknown, args: unknown): Promise<Envelope<null>> {
    try {
      if (typeof streamId !== 'string' || !streamIdPattern.test(streamId)) {
        throw invalid('streamId', 'must be 1 to 64 letters, digits, "-" or "_"')
      }
      if (!isStreamName(name)) {
        throw new BerthError({
          code: 'unknown-method',
          message: `There is no stream named ${JSON.stringify(name)}.`,
        })
      }
      const open = this.peerStreams(peer)
      if (open.has(streamId)) throw invalid('streamId', `${streamId} is already open`)
      if (open.size >= maxStreamsPerPeer) {
        throw invalid('streamId', `at most ${maxStreamsPerPeer} streams may be open at once`)
      }

      const valid = parse(streamSchemas[name] as z.ZodType<unknown>, args ?? {}, name)
      const start = this.streamHandlers[name] as (
        a: unknown,
        emit: (e: unknown) => void,
        end: (error?: BerthError) => void,
        context: StreamContext,
      ) => () => void

      let ended = false
      const end = (error?: BerthError): void => {
        if (ended) return
        ended = true
        open.get(streamId)?.()
        open.delete(streamId)
        peer.send({ streamId, end: true, ...(error ? { error: error.toData() } : {}) })
      }
      const emit = (event: unknown): void => {
        if (!ended) peer.send({ streamId, event })
      }
      const stop = start(valid, emit, end, { peer, streamId })
      if (ended) stop()
      else open.set(streamId, stop)
      return { ok: true, value: null }
    } catch (error) {
      return { ok: false, error: toBerthError(error).toData() }
    }
  }

  close(peer: Peer, streamId: unknown): void {
    if (typeof streamId !== 'string') return
    const open = this.streams.get(peer.id)
    const stop = open?.get(streamId)
    if (!stop) return
    open!.delete(streamId)
    stop()
  }

  /** Closes everything a peer had open; called when its window or socket goes. */
  disconnect(peer: Peer): void {
    const open = this.streams.get(peer.id)
    if (!open) return
    this.streams.delete(peer.id)
    for (const stop of open.values()) stop()
    if (open.size > 0) this.log.debug('closed streams of a departed peer', { count: open.size })
  }

  openStreamCount(peer: Peer): number {
    return this.streams.get(peer.id)?.size ?? 0
  }

  private peerStreams(peer: Peer): Map<string, () => void> {
    let open = this.streams.get(peer.id)
    if (!open) {
      open = new Map()
      this.streams.set(peer.id, open)
    }
    return open
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const path = issue.path.map(String).join('.')
  throw invalid(path, issue.message, name)
}

function invalid(path: string, message: string, name?: string): BerthError {
  const where = path ? `${path}: ${message}` : message
  return new BerthError({
    code: 'invalid-argument',
    message: name ? `Invalid argument to ${name}: ${where}` : `Invalid argument: ${where}`,
    path,
  })
}
