import type { IncomingMessage } from 'node:http'

import type Docker from 'dockerode'

import { BerthError, type PullEvent, type PullResult } from '../../src-preload/contract'

interface PullLine {
  id?: string
  status?: string
  progressDetail?: { current?: number; total?: number }
  error?: string
  errorDetail?: { message?: string }
}

export interface PullHandle {
  /** Settles when the pull ends: with the result, or with the engine's own error. */
  done: Promise<PullResult>
  /** Stops the pull; the engine cancels it when the connection closes. */
  cancel(): void
}

/**
 * Pulls an image and reports the engine's progress lines as they come. The
 * engine answers 200 at once and puts a failure in the stream itself, as a
 * line with `error`; that line becomes the error here.
 */
export function pullImage(
  docker: Docker,
  reference: string,
  onEvent: (event: PullEvent) => void = () => {},
): PullHandle {
  let stream: IncomingMessage | undefined
  let cancelled = false

  const done = (async (): Promise<PullResult> => {
    stream = (await docker.pull(reference).catch((error: unknown) => {
      throw withEngineMessage(error)
    })) as IncomingMessage
    if (cancelled) stream.destroy()
    let rest = ''
    let digest: string | undefined
    let failure: string | undefined
    stream.setEncoding('utf8')
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop() ?? ''
      for (const text of lines) {
        const line = parseLine(text)
        if (!line) continue
        if (line.error !== undefined) {
          failure = line.errorDetail?.message ?? line.error
          continue
        }
        const status = line.status ?? ''
        const found = /^Digest: (sha256:[0-9a-f]{64})/.exec(status)
        if (found) digest = found[1]
        onEvent({
          type: 'progress',
          status,
          ...(line.id ? { layer: line.id } : {}),
          ...(line.progressDetail?.current !== undefined
            ? { current: line.progressDetail.current }
            : {}),
          ...(line.progressDetail?.total ? { total: line.progressDetail.total } : {}),
        })
      }
    }
    if (cancelled) throw new BerthError({ code: 'cancelled', message: 'The pull was cancelled.' })
    if (failure !== undefined) throw new BerthError({ code: 'engine-error', message: failure })
    const result: PullResult = { reference, ...(digest ? { digest } : {}) }
    onEvent({ type: 'done', ...result })
    return result
  })()

  return {
    done,
    cancel() {
      cancelled = true
      stream?.destroy()
    },
  }
}

function parseLine(text: string): PullLine | undefined {
  if (!text.trim()) return undefined
  try {
    return JSON.parse(text) as PullLine
  } catch {
    return undefined
  }
}

/**
 * For a streaming endpoint dockerode keeps the engine's answer only inside
 * its own message, "(HTTP code 404) unexpected - manifest unknown ". It is
 * put back where the error funnel looks for the engine's words.
 */
function withEngineMessage(error: unknown): unknown {
  const failure = error as { statusCode?: number; json?: unknown; message?: string }
  if (typeof failure?.statusCode !== 'number' || failure.json) return error
  const message = failure.message ?? ''
  const start = message.indexOf(' - ')
  const words = start >= 0 ? message.slice(start + 3).trim() : ''
  if (words) failure.json = { message: words }
  return error
}
