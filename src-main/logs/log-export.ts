import { once } from 'node:events'
import type { Writable } from 'node:stream'

import type Docker from 'dockerode'

import type { LogSaveQuery } from '../../src-preload/contract'
import { logByteReader, openEngineLogs } from './engine-logs'

/**
 * Copies a container's whole log from the engine into a writable (a file, an
 * HTTP response) as it arrives: stdout and stderr interleaved as they were
 * written, never held in memory whole. Reading pauses while the writable is
 * full. Returns the number of bytes written.
 */
export async function exportLog(
  docker: Docker,
  query: LogSaveQuery,
  sink: Writable,
  options: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<number> {
  const info = await docker.getContainer(query.container).inspect()
  const stream = await openEngineLogs(
    docker,
    info.Id,
    {
      follow: false,
      timestamps: query.timestamps,
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.until !== undefined ? { until: query.until } : {}),
    },
    options.signal,
  )

  let bytes = 0
  let draining = false
  const read = logByteReader(info.Config.Tty, (_source, payload) => {
    bytes += payload.length
    if (!sink.write(payload) && !draining) {
      draining = true
      stream.pause()
      sink.once('drain', () => {
        draining = false
        stream.resume()
      })
    }
  })
  const progress = setInterval(() => options.onProgress?.(bytes), 200)
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('data', read)
      stream.once('end', resolve)
      stream.once('error', reject)
      sink.once('error', reject)
      const onAbort = (): void => reject(new Error('The save was cancelled.'))
      if (options.signal?.aborted) onAbort()
      options.signal?.addEventListener('abort', onAbort, { once: true })
    })
  } finally {
    clearInterval(progress)
    stream.destroy()
  }
  sink.end()
  await once(sink, 'finish')
  return bytes
}

/** A file name for a container's log: its name and the time of the save. */
export function logFileName(containerName: string, now = new Date()): string {
  const name = containerName.replace(/^\//, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'container'
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')
  return `${name}-${stamp}.log`
}
