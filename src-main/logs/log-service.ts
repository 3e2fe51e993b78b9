import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'

import {
  BerthError,
  type LogEvent,
  type LogQuery,
  type LogSaveEvent,
  type LogSaveQuery,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { toBerthError } from '../ipc/errors'
import type { Peer, StreamContext } from '../ipc/router'
import { StreamSessions } from '../ipc/stream-sessions'
import type { Logger } from '../log/logger'
import { exportLog, logFileName } from './log-export'
import { LogFollower } from './log-follower'

/** Asks the user where to save a file; undefined when they cancel. */
export type SavePicker = (suggestedName: string) => Promise<string | undefined>

/** Where the web server serves a log as a download. */
export const logDownloadPath = '/download/logs'

/**
 * Container logs for the renderer: followed views, with flow control, and
 * whole logs saved to a file the user picks. The desktop app hands in a save
 * dialog; without one (the web server), a save becomes a browser download
 * served by the web bridge from the same engine stream.
 */
export class LogService {
  private readonly followers = new StreamSessions<LogFollower>('log stream')
  private picker: SavePicker | undefined

  constructor(
    private readonly engine: EngineConnection,
    private readonly log: Logger,
  ) {}

  useSavePicker(picker: SavePicker | undefined): void {
    this.picker = picker
  }

  follow(
    query: LogQuery,
    emit: (event: LogEvent) => void,
    end: (error?: BerthError) => void,
    context: StreamContext,
  ): () => void {
    const follower = new LogFollower({ engine: this.engine, query, emit, end, log: this.log })
    const remove = this.followers.add(context, follower)
    follower.start()
    return () => {
      remove()
      follower.stop()
    }
  }

  ack(peer: Peer, streamId: string, seq: number): void {
    this.followers.get(peer, streamId).ack(seq)
  }

  get openFollowers(): number {
    return this.followers.size
  }

  save(
    query: LogSaveQuery,
    emit: (event: LogSaveEvent) => void,
    end: (error?: BerthError) => void,
  ): () => void {
    const picker = this.picker
    if (!picker) {
      emit({ type: 'download', url: downloadUrl(query) })
      end()
      return () => {}
    }

    const abort = new AbortController()
    const run = async (): Promise<void> => {
      const docker = this.engine.client
      const info = await docker.getContainer(query.container).inspect()
      const path = await picker(logFileName(info.Name))
      if (abort.signal.aborted) return
      if (!path) {
        emit({ type: 'cancelled' })
        return
      }
      const file = createWriteStream(path)
      try {
        // A file that cannot be created fails here, before the engine is asked.
        await once(file, 'open')
        const bytes = await exportLog(docker, query, file, {
          signal: abort.signal,
          onProgress: (written) => emit({ type: 'progress', path, bytes: written }),
        })
        emit({ type: 'done', path, bytes })
        this.log.info('saved a log', { container: query.container, bytes })
      } catch (error) {
        file.destroy()
        // A cancelled or failed save leaves no half-written file behind.
        await rm(path, { force: true })
        throw fileError(error, path) ?? error
      }
    }
    run().then(
      () => end(),
      (error: unknown) => end(abort.signal.aborted ? undefined : toBerthError(error)),
    )
    return () => abort.abort()
  }

  /**
   * Answers a download request of the web server with the log as a file.
   * Fails before answering when the container cannot be read, so the caller
   * can still answer with an error status.
   */
  async serveDownload(query: LogSaveQuery, res: ServerResponse): Promise<void> {
    const docker = this.engine.client
    const info = await docker.getContainer(query.container).inspect()
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${logFileName(info.Name)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    const abort = new AbortController()
    res.once('close', () => abort.abort())
    try {
      await exportLog(docker, query, res, { signal: abort.signal })
    } catch (error) {
      if (!abort.signal.aborted) this.log.warn('a log download failed', { error })
      res.destroy()
    }
  }
}

/** A failure of the file itself, told as such rather than as the engine's. */
function fileError(error: unknown, path: string): BerthError | undefined {
  const failure = error as NodeJS.ErrnoException
  if (failure.path !== path) return undefined
  return new BerthError({
    code: failure.code === 'EACCES' || failure.code === 'EPERM' ? 'permission-denied' : 'internal',
    message: `Cannot write ${path}: ${failure.message}`,
  })
}

function downloadUrl(query: LogSaveQuery): string {
  const params = new URLSearchParams({ container: query.container })
  if (query.timestamps) params.set('timestamps', '1')
  if (query.since !== undefined) params.set('since', String(query.since))
  if (query.until !== undefined) params.set('until', String(query.until))
  return `${logDownloadPath}?${params.toString()}`
}

/** A download address's parameters, to be validated like any request's arguments. */
export function downloadQuery(url: URL): Record<string, unknown> {
  const query: Record<string, unknown> = {
    container: url.searchParams.get('container') ?? '',
    timestamps: url.searchParams.get('timestamps') === '1',
  }
  for (const key of ['since', 'until'] as const) {
    const value = url.searchParams.get(key)
    if (value !== null) query[key] = Number(value)
  }
  return query
}
