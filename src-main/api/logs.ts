import type { ServerResponse } from 'node:http'

import { z } from 'zod'

import type { LogQuery, LogRequests, LogSaveQuery, LogStreams } from '../../src-preload/contract'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'
import { toBerthError } from '../ipc/errors'
import { downloadQuery, type LogService } from '../logs/log-service'
import { containerRef } from './containers'

/** Unix seconds from 1970 up to the year 2200; fractions allowed. */
const unixTime = z.number().min(0).max(7_258_118_400)

export const streamIdRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a stream id')

const logQuery: z.ZodType<LogQuery> = z
  .object({
    container: containerRef,
    tail: z.number().int().min(0).max(10_000_000).optional(),
    follow: z.boolean(),
    timestamps: z.boolean(),
    since: unixTime.optional(),
    until: unixTime.optional(),
  })
  .strict()

export const logSaveQuery: z.ZodType<LogSaveQuery> = z
  .object({
    container: containerRef,
    timestamps: z.boolean(),
    since: unixTime.optional(),
    until: unixTime.optional(),
  })
  .strict()

export const logRequestSchemas: RequestSchemasOf<LogRequests> = {
  'logs.ack': z.object({ streamId: streamIdRef, seq: z.number().int().min(1) }).strict(),
}

export const logStreamSchemas: StreamSchemasOf<LogStreams> = {
  'logs.follow': logQuery,
  'logs.save': logSaveQuery,
}

export function logRequests(logs: LogService): RequestHandlersOf<LogRequests> {
  return {
    'logs.ack': ({ streamId, seq }, peer) => {
      logs.ack(peer, streamId, seq)
      return Promise.resolve(null)
    },
  }
}

export function logStreams(logs: LogService): StreamHandlersOf<LogStreams> {
  return {
    'logs.follow': (query, emit, end, context) => logs.follow(query, emit, end, context),
    'logs.save': (query, emit, end) => logs.save(query, emit, end),
  }
}

/**
 * The web server's download of a whole log: the query comes as URL
 * parameters, checked like any request's arguments, and failures that happen
 * before the log starts flowing are answered with the engine's status.
 */
export function logDownloadRoute(logs: LogService) {
  return async (url: URL, res: ServerResponse): Promise<void> => {
    const parsed = logSaveQuery.safeParse(downloadQuery(url))
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Invalid download: ${parsed.error.issues[0]?.message ?? 'bad query'}\n`)
      return
    }
    try {
      await logs.serveDownload(parsed.data, res)
    } catch (error) {
      const failure = toBerthError(error)
      if (res.headersSent) {
        res.destroy()
        return
      }
      const status = failure.code === 'not-found' ? 404 : (failure.status ?? 503)
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`${failure.message}\n`)
    }
  }
}
