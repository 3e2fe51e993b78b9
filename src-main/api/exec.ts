import { z } from 'zod'

import type { AttachQuery, ExecQuery, ExecRequests, ExecStreams } from '../../src-preload/contract'
import type { ExecService } from '../exec/exec-service'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'
import { containerRef } from './containers'
import { streamIdRef } from './logs'

const cols = z.number().int().min(1).max(1000)
const rows = z.number().int().min(1).max(1000)

/** A user name or uid, optionally with a group, as `docker exec --user` takes it. */
const user = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/, 'is not a user name, uid or user:group')

const execQuery: z.ZodType<ExecQuery> = z
  .object({
    container: containerRef,
    command: z
      .array(z.string().min(1, 'must not be empty').max(4096))
      .min(1, 'names no program')
      .max(256)
      .optional(),
    user: user.optional(),
    workingDir: z.string().max(4096).regex(/^\//, 'must be an absolute path').optional(),
    cols,
    rows,
  })
  .strict()

const attachQuery: z.ZodType<AttachQuery> = z
  .object({ container: containerRef, cols, rows })
  .strict()

export const execRequestSchemas: RequestSchemasOf<ExecRequests> = {
  'exec.input': z
    .object({ streamId: streamIdRef, data: z.string().max(1024 * 1024, 'is over 1 MiB') })
    .strict(),
  'exec.resize': z.object({ streamId: streamIdRef, cols, rows }).strict(),
  'exec.ack': z.object({ streamId: streamIdRef, seq: z.number().int().min(1) }).strict(),
}

export const execStreamSchemas: StreamSchemasOf<ExecStreams> = {
  'exec.shell': execQuery,
  'exec.attach': attachQuery,
}

export function execRequests(exec: ExecService): RequestHandlersOf<ExecRequests> {
  return {
    'exec.input': ({ streamId, data }, peer) => {
      exec.input(peer, streamId, data)
      return Promise.resolve(null)
    },
    'exec.resize': ({ streamId, cols, rows }, peer) => {
      exec.resize(peer, streamId, { cols, rows })
      return Promise.resolve(null)
    },
    'exec.ack': ({ streamId, seq }, peer) => {
      exec.ack(peer, streamId, seq)
      return Promise.resolve(null)
    },
  }
}

export function execStreams(exec: ExecService): StreamHandlersOf<ExecStreams> {
  return {
    'exec.shell': (query, emit, end, context) => exec.shell(query, emit, end, context),
    'exec.attach': (query, emit, end, context) => exec.attach(query, emit, end, context),
  }
}
