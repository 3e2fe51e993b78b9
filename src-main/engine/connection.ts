import type { IncomingMessage } from 'node:http'

import type Docker from 'dockerode'

import type {
  EngineEndpoint,
  EngineInfo,
  EngineProblem,
  EngineState,
} from '../../src-preload/contract'
import { BerthError } from '../../src-preload/contract'
import type { Logger } from '../log/logger'
import { createDockerClient } from './docker-client'
import { EventLineParser, type EngineEvent } from './engine-event'

export interface ConnectionOptions {
  endpoint: EngineEndpoint
  log: Logger
  createClient?: (endpoint: EngineEndpoint) => Docker
  /** Delay before the first retry; it doubles up to `maxRetryMs`. */
  firstRetryMs?: number
  /**
   * The longest wait between attempts. Kept under two seconds so a daemon
   * that comes back is seen soon, while a daemon that stays away costs one
   * connect attempt per interval and nothing in between.
   */
  maxRetryMs?: number
}

type Listener<T> = (value: T) => void

/** How long the ping after a broken event stream may take before it counts as failed. */
const probeTimeoutMs = 2000

type PingOptions = { abortSignal: AbortSignal }

/**
 * Owns the connection to one engine: connects, follows its event stream,
 * notices when it goes away and reconnects with a capped backoff.
 */
export class EngineConnection {
  private state: EngineState
  private docker: Docker | undefined
  private events: IncomingMessage | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private attempt = 0
  private stopped = true
  private endpoint: EngineEndpoint
  /** Counts connection attempts; an answer to an earlier one is dropped. */
  private attemptId = 0
  private readonly stateListeners = new Set<Listener<EngineState>>()
  private readonly eventListeners = new Set<Listener<EngineEvent>>()
  private readonly createClient: (endpoint: EngineEndpoint) => Docker
  private readonly firstRetryMs: number
  private readonly maxRetryMs: number

  constructor(private readonly options: ConnectionOptions) {
    this.endpoint = options.endpoint
    this.state = { kind: 'connecting', endpoint: options.endpoint }
    this.createClient = options.createClient ?? createDockerClient
    this.firstRetryMs = options.firstRetryMs ?? 250
    this.maxRetryMs = options.maxRetryMs ?? 1500
  }

  get current(): EngineState {
    return this.state
  }

  /** The client of a connected engine; a typed error otherwise. */
  get client(): Docker {
    if (this.state.kind !== 'connected' || !this.docker) {
      const message =
        this.state.kind === 'unavailable'
          ? this.state.message
          : 'The engine is still connecting. Try again in a moment.'
      throw new BerthError({ code: 'engine-unavailable', message })
    }
    return this.docker
  }

  onState(listener: Listener<EngineState>): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Container events, in the order the engine sent them. */
  onEvent(listener: Listener<EngineEvent>): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    void this.connect()
  }

  /** Skips the wait of a pending retry. */
  retryNow(): void {
    if (this.stopped || this.retryTimer === undefined) return
    clearTimeout(this.retryTimer)
    void this.connect()
  }

  /** Leaves the current engine and connects to another one. */
  switchTo(endpoint: EngineEndpoint): void {
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.closeEvents()
    this.docker = undefined
    this.attempt = 0
    this.endpoint = endpoint
    this.options.log.info('switching engine', { host: endpoint.host, source: endpoint.source })
    this.setState({ kind: 'connecting', endpoint })
    if (!this.stopped) void this.connect()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.closeEvents()
  }

  private async connect(): Promise<void> {
    const { endpoint } = this
    const { log } = this.options
    const id = ++this.attemptId
    this.retryTimer = undefined
    try {
      const docker = this.createClient(endpoint)
      const [version, info] = await Promise.all([docker.version(), docker.info()])

      // Follow events before declaring the connection up, so that a list
      // fetched on "connected" misses nothing that happens after it.
      const stream = (await docker.getEvents({
        filters: { type: ['container'] },
      })) as unknown as IncomingMessage
      if (this.stopped || id !== this.attemptId) {
        stream.destroy()
        return
      }
      this.followEvents(docker, stream)

      this.docker = docker
      this.attempt = 0
      const engineInfo: EngineInfo = {
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        name: typeof info.Name === 'string' ? info.Name : '',
        rootless: Array.isArray(info.SecurityOptions)
          ? info.SecurityOptions.some((o: string) => o.includes('rootless'))
          : false,
      }
      log.info('connected', { host: endpoint.host, version: engineInfo.version })
      this.setState({ kind: 'connected', endpoint, info: engineInfo })
    } catch (error) {
      if (id === this.attemptId) this.lost(error)
    }
  }

  private followEvents(docker: Docker, stream: IncomingMessage): void {
    const parser = new EventLineParser()
    this.events = stream
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      parser.push(chunk, (event) => {
        for (const listener of this.eventListeners) listener(event)
      })
    })
    const onGone = (error?: Error): void => {
      if (this.events !== stream) return
      this.events = undefined
      void this.eventsEnded(docker, error)
    }
    stream.on('end', () => onGone())
    stream.on('close', () => onGone())
    stream.on('error', (error) => onGone(error))
  }

  /**
   * When an engine stops, its event stream just breaks ("aborted"), which
   * says nothing about why. One ping tells a stopped engine (socket gone,
   * connection refused) from a live one that only dropped the stream, so the
   * user is told the real problem rather than a generic failure.
   */
  private async eventsEnded(docker: Docker, error: Error | undefined): Promise<void> {
    let reason: unknown = error ?? new Error('The engine closed its event stream.')
    // dockerode's ping takes an abort signal; its type declarations do not say so.
    const ping = docker.ping.bind(docker) as (options: PingOptions) => Promise<unknown>
    try {
      await ping({ abortSignal: AbortSignal.timeout(probeTimeoutMs) })
    } catch (probeError) {
      reason = probeError
    }
    // A reconnect or a stop while the ping was out makes its answer stale.
    if (this.docker === docker) this.lost(reason)
  }

  private lost(error: unknown): void {
    if (this.stopped) return
    this.closeEvents()
    this.docker = undefined

    const { problem, message } = describeFailure(error, this.endpoint)
    const delay = Math.min(this.firstRetryMs * 2 ** this.attempt, this.maxRetryMs)
    this.attempt += 1

    const previous = this.state
    if (previous.kind !== 'unavailable' || previous.problem !== problem) {
      this.options.log.warn('engine unavailable', { problem, message })
    }
    this.setState({
      kind: 'unavailable',
      endpoint: this.endpoint,
      problem,
      message,
      retryAt: Date.now() + delay,
    })
    this.retryTimer = setTimeout(() => void this.connect(), delay)
  }

  private closeEvents(): void {
    const stream = this.events
    this.events = undefined
    stream?.destroy()
  }

  private setState(state: EngineState): void {
    this.state = state
    for (const listener of this.stateListeners) listener(state)
  }
}

/** Turns a connection failure into what the user is told and can act on. */
export function describeFailure(
  error: unknown,
  endpoint: EngineEndpoint,
): { problem: EngineProblem; message: string } {
  const err = error as { code?: string; statusCode?: number; message?: string }
  const where = endpoint.host
  switch (err?.code) {
    case 'ENOENT':
      return { problem: 'socket-missing', message: `No engine socket at ${where}.` }
    case 'ECONNREFUSED':
      return {
        problem: 'not-running',
        message: `Nothing is listening at ${where}; the engine is not running.`,
      }
    // An engine that is shutting down still accepts connections, then drops them.
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        problem: 'not-running',
        message: `The engine at ${where} dropped the connection; it is stopping or has stopped.`,
      }
    case 'EACCES':
    case 'EPERM':
      return {
        problem: 'permission-denied',
        message: `Permission denied on ${where}.`,
      }
  }
  const detail = err?.message ?? String(error)
  return { problem: 'daemon-error', message: `The engine at ${where} failed: ${detail}` }
}
