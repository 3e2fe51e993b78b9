import type { IncomingMessage } from 'node:http'

import type Docker from 'dockerode'

import { BerthError, type LogEvent, type LogQuery } from '../../src-preload/contract'
import { AckWindow } from '../ipc/ack-window'
import { toBerthError } from '../ipc/errors'
import type { EngineConnection } from '../engine/connection'
import type { EngineEvent } from '../engine/engine-event'
import type { Logger } from '../log/logger'
import { engineTimeToUnix, logByteReader, openEngineLogs } from './engine-logs'
import { defaultBatcherLimits, LogBatcher, type BatcherLimits } from './log-batcher'
import { LineSplitter } from './line-splitter'

export interface LogFollowerOptions {
  engine: EngineConnection
  query: LogQuery
  emit: (event: LogEvent) => void
  end: (error?: BerthError) => void
  log: Logger
  /** Batches that may be unacknowledged before reading pauses. */
  window?: number
  limits?: BatcherLimits
}

const defaultWindow = 16

/**
 * Reads one container's log into batches of lines. When following, it goes
 * on across restarts: the engine ends a followed log when the container
 * stops, so the follower says so, waits for the container's next start, and
 * reads on from the moment the last run finished, so no line comes twice.
 */
export class LogFollower {
  private readonly window: AckWindow
  private readonly batcher: LogBatcher
  private readonly abort = new AbortController()
  private stream: IncomingMessage | undefined
  private consume: ((chunk: Buffer) => void) | undefined
  private stopped = false
  private id = ''
  private starts = 0
  private wakeOnStart: (() => void) | undefined
  private unsubscribe: (() => void) | undefined

  constructor(private readonly options: LogFollowerOptions) {
    this.window = new AckWindow(options.window ?? defaultWindow, () => this.pump())
    this.batcher = new LogBatcher((batch) => {
      if (this.stopped) return
      options.emit({ type: 'lines', seq: this.window.next(), ...batch })
    }, options.limits ?? defaultBatcherLimits)
  }

  start(): void {
    this.run().then(
      () => this.finish(),
      (error: unknown) => this.finish(error),
    )
  }

  /** Stops reading and closes the engine's stream; nothing is emitted after. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.abort.abort()
    this.stream?.destroy()
    this.stream = undefined
    this.batcher.dispose()
    this.unsubscribe?.()
    this.wakeOnStart?.()
  }

  ack(seq: number): void {
    this.window.ack(seq)
  }

  private async run(): Promise<void> {
    const { engine, query } = this.options
    const docker = engine.client
    // Listen before the first look, so that a start in between is not missed.
    this.unsubscribe = engine.onEvent((event) => this.onEngineEvent(event))

    let info = await docker.getContainer(query.container).inspect()
    this.id = info.Id
    const tty = info.Config.Tty
    let since: number | string | undefined = query.since
    let tail = query.tail

    for (;;) {
      const startedAt = info.State.StartedAt
      await this.read(docker, tty, since, tail)
      this.batcher.flush()
      if (this.stopped || !query.follow) return

      const startsBefore = this.starts
      const after = await inspectIfPresent(docker, this.id)
      if (!after || this.stopped) return
      if (after.State.Running && after.State.StartedAt === startedAt) {
        // Still the same run: the engine dropped the stream, the container did not stop.
        throw new BerthError({
          code: 'engine-unavailable',
          message: 'The engine closed the log stream while the container kept running.',
        })
      }

      this.options.emit({
        type: 'stopped',
        exitCode: typeof after.State.ExitCode === 'number' ? after.State.ExitCode : null,
        at: after.State.FinishedAt,
      })
      if (!after.State.Running) {
        await this.nextStart(startsBefore)
        if (this.stopped) return
        const restarted = await inspectIfPresent(docker, this.id)
        if (!restarted || this.stopped) return
        info = restarted
      } else {
        info = after
      }
      this.options.emit({ type: 'started', at: info.State.StartedAt })
      since = engineTimeToUnix(after.State.FinishedAt) ?? since
      tail = undefined
      this.options.log.debug('following a restarted container', { id: this.id.slice(0, 12) })
    }
  }

  private async read(
    docker: Docker,
    tty: boolean,
    since: number | string | undefined,
    tail: number | undefined,
  ): Promise<void> {
    const { query } = this.options
    const stream = await openEngineLogs(
      docker,
      this.id,
      {
        follow: query.follow,
        timestamps: query.timestamps,
        ...(tail !== undefined ? { tail } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(query.until !== undefined ? { until: query.until } : {}),
      },
      this.abort.signal,
    )
    if (this.stopped) {
      stream.destroy()
      return
    }
    this.stream = stream

    const splitters = {
      stdout: new LineSplitter((line, more) => this.batcher.add('stdout', line, more)),
      stderr: new LineSplitter((line, more) => this.batcher.add('stderr', line, more)),
    }
    const read = logByteReader(tty, (source, bytes) => splitters[source].push(bytes))

    this.consume = read
    await new Promise<void>((resolve, reject) => {
      // Read in paused mode: the engine sends every line as its own HTTP chunk,
      // and a 'data' event per line costs more than all the rest of the work.
      // read() hands over everything buffered at once.
      stream.on('readable', () => this.pump())
      stream.once('end', () => {
        splitters.stdout.end()
        splitters.stderr.end()
        resolve()
      })
      stream.once('error', (error) => (this.stopped ? resolve() : reject(error)))
      stream.once('close', () => resolve())
    })
    if (this.stream === stream) this.stream = undefined
    this.consume = undefined
  }

  /** Reads what the engine has sent, until the renderer is too far behind. */
  private pump(): void {
    const stream = this.stream
    if (!stream || !this.consume) return
    while (!this.window.full) {
      const chunk = stream.read() as Buffer | null
      if (chunk === null) return
      this.consume(chunk)
    }
  }

  private nextStart(startsBefore: number): Promise<void> {
    if (this.starts > startsBefore) return Promise.resolve()
    return new Promise((resolve) => (this.wakeOnStart = resolve))
  }

  private onEngineEvent(event: EngineEvent): void {
    if (event.Type !== 'container' || event.Actor.ID !== this.id) return
    if (event.Action === 'start') {
      this.starts += 1
      this.wakeOnStart?.()
      this.wakeOnStart = undefined
    } else if (event.Action === 'destroy' && this.wakeOnStart) {
      // Removed while waiting for a start that cannot come.
      this.finish()
    }
  }

  private finish(error?: unknown): void {
    if (this.stopped) return
    this.stop()
    if (error === undefined) {
      this.options.end()
      return
    }
    const failure = toBerthError(error)
    if (failure.code === 'internal') {
      this.options.log.warn('following a log failed', { error: failure.message })
    }
    this.options.end(failure)
  }
}

async function inspectIfPresent(
  docker: Docker,
  id: string,
): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(id).inspect()
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined
    throw error
  }
}
