import { z } from 'zod'

import {
  mirrorLimits,
  type DaemonJsonChange,
  type MirrorRequests,
  type MirrorStreams,
} from '../../src-preload/contract'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'
import type { MirrorService } from '../mirrors/mirror-service'
import { noArgs } from './engine'

/**
 * The shape of a change. The lists may be as long as a user can make them
 * here: their length and every entry are judged by the mirror rules, which
 * name the entry at fault, rather than by a schema's generic message.
 */
const entryList = z.array(z.string().max(64 * 1024, 'is far too long')).max(100_000)

const change: z.ZodType<DaemonJsonChange> = z.union([
  z.object({ mirrors: entryList, insecureRegistries: entryList }).strict(),
  z
    .object({
      raw: z
        .string()
        .max(mirrorLimits.documentBytes, `is larger than ${mirrorLimits.documentBytes} bytes`),
    })
    .strict(),
])

const fileHash = z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 hash')
const backupId = z
  .string()
  .max(200)
  .regex(/^[\w.-]+$/, 'is not a backup name')

export const mirrorRequestSchemas: RequestSchemasOf<MirrorRequests> = {
  'mirrors.get': noArgs,
  'mirrors.check': z.object({ change }).strict(),
  'mirrors.apply': z.object({ change, fileHash, restart: z.boolean().optional() }).strict(),
  'mirrors.probe': z
    .object({
      mirrors: z
        .array(z.url({ protocol: /^https?$/, error: 'is not an http:// or https:// URL' }))
        .min(1, 'names no mirror')
        .max(mirrorLimits.entries),
      timeoutMs: z.number().int().min(100).max(30_000).optional(),
    })
    .strict(),
  'mirrors.history': noArgs,
  'mirrors.restore': z.object({ id: backupId, restart: z.boolean().optional() }).strict(),
}

export const mirrorStreamSchemas: StreamSchemasOf<MirrorStreams> = {
  'mirrors.activity': noArgs,
}

export function mirrorRequests(mirrors: MirrorService): RequestHandlersOf<MirrorRequests> {
  return {
    'mirrors.get': () => mirrors.settings(),
    'mirrors.check': ({ change }) => mirrors.check(change),
    'mirrors.apply': ({ change, fileHash, restart }) => mirrors.apply(change, fileHash, restart),
    'mirrors.probe': ({ mirrors: list, timeoutMs }) => mirrors.probe(list, timeoutMs),
    'mirrors.history': () => mirrors.history(),
    'mirrors.restore': ({ id, restart }) => mirrors.restore(id, restart),
  }
}

export function mirrorStreams(mirrors: MirrorService): StreamHandlersOf<MirrorStreams> {
  return {
    'mirrors.activity': (_args, emit) => mirrors.onActivity(emit),
  }
}
