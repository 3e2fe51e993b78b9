import type { IncomingMessage } from 'node:http'

import type Docker from 'dockerode'

import type { LogSource } from '../../src-preload/contract'
import { FrameDemuxer } from './frame-demuxer'

export interface EngineLogOptions {
  follow: boolean
  timestamps: boolean
  tail?: number
  /** Unix seconds, fractions allowed; a string keeps all nine decimals exact. */
  since?: number | string
  until?: number | string
}

/**
 * Opens `GET /containers/{id}/logs` as a stream. dockerode's own `logs()`
 * buffers the whole answer unless it follows; a log of gigabytes must be
 * read as it comes, so the request is dialled here with `isStream`.
 */
export function openEngineLogs(
  docker: Docker,
  id: string,
  options: EngineLogOptions,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  const query: Record<string, unknown> = {
    stdout: true,
    stderr: true,
    follow: options.follow,
    timestamps: options.timestamps,
    tail: options.tail === undefined ? 'all' : String(options.tail),
  }
  if (options.since !== undefined) query.since = unixSeconds(options.since)
  if (options.until !== undefined) query.until = unixSeconds(options.until)

  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      },
      (error: Error | null, stream: unknown) => {
        if (error) reject(error)
        else resolve(stream as IncomingMessage)
      },
    )
  })
}

/**
 * Reads a log stream's bytes by source: raw as stdout for a container with a
 * TTY, demultiplexed otherwise. The engine frames every line on its own;
 * consecutive frames of one source in a chunk are handed on together, so the
 * cost of decoding is paid per chunk rather than per line.
 */
export function logByteReader(
  tty: boolean,
  onBytes: (source: LogSource, bytes: Buffer) => void,
): (chunk: Buffer) => void {
  if (tty) return (chunk) => onBytes('stdout', chunk)
  const demuxer = new FrameDemuxer()
  let source: LogSource = 'stdout'
  let pieces: Buffer[] = []
  const handOn = (): void => {
    if (pieces.length === 0) return
    onBytes(source, pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces))
    pieces = []
  }
  const onPayload = (stream: number, payload: Buffer): void => {
    const from: LogSource = stream === 2 ? 'stderr' : 'stdout'
    if (from !== source) {
      handOn()
      source = from
    }
    pieces.push(payload)
  }
  return (chunk) => {
    demuxer.push(chunk, onPayload)
    // Payloads may point into the chunk, which its producer may reuse: hand on now.
    handOn()
  }
}

/** The engine takes seconds with up to nine decimals; it refuses exponents. */
export function unixSeconds(seconds: number | string): string {
  if (typeof seconds === 'string' || Number.isInteger(seconds)) return String(seconds)
  return seconds.toFixed(6)
}

/**
 * An engine time such as `2024-05-01T10:00:00.123456789Z` as Unix seconds
 * in a string, all nine decimals exact (a double holds only six of them).
 */
export function engineTimeToUnix(time: string): string | undefined {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time)
  if (!match) return undefined
  const millis = Date.parse(`${match[1]}${match[3]}`)
  if (Number.isNaN(millis) || millis <= 0) return undefined
  return `${millis / 1000}.${(match[2] ?? '').padEnd(9, '0')}`
}
