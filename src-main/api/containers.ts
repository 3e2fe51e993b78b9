import { z } from 'zod'

import {
  containerActions,
  type ContainerRequests,
  type ContainerStreams,
} from '../../src-preload/contract'
import { runBulkAction } from '../engine/container-actions'
import type { ContainerList } from '../engine/container-list'
import type { EngineConnection } from '../engine/connection'
import { toSummary } from '../engine/summaries'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'
import { noArgs } from './engine'

/** A container's full or short id, or its name. */
export const containerRef = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'is longer than any container id or name')
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'is not a container id or name')

const actionOptions = z
  .object({
    force: z.boolean().optional(),
    volumes: z.boolean().optional(),
    timeout: z.number().int().min(0).max(3600).optional(),
    signal: z
      .string()
      .regex(/^(SIG)?[A-Z0-9+-]{1,12}$|^[0-9]{1,2}$/, 'is not a signal name or number')
      .optional(),
  })
  .strict()

export const containerRequestSchemas: RequestSchemasOf<ContainerRequests> = {
  'containers.list': z.object({ all: z.boolean().optional() }).strict(),
  'containers.refresh': noArgs,
  'containers.act': z
    .object({
      ids: z.array(containerRef).min(1, 'names no container').max(5000),
      action: z.enum(containerActions),
      options: actionOptions.optional(),
    })
    .strict(),
}

export const containerStreamSchemas: StreamSchemasOf<ContainerStreams> = {
  'containers.watch': noArgs,
}

export function containerRequests(
  engine: EngineConnection,
  containers: ContainerList,
): RequestHandlersOf<ContainerRequests> {
  return {
    'containers.refresh': async () => {
      await containers.reload()
      return null
    },
    'containers.list': async ({ all }) => {
      const infos = await engine.client.listContainers({ all: all ?? false })
      return infos.map(toSummary)
    },
    'containers.act': async ({ ids, action, options }) =>
      runBulkAction(engine.client, ids, action, options),
  }
}

export function containerStreams(containers: ContainerList): StreamHandlersOf<ContainerStreams> {
  return {
    'containers.watch': (_args, emit) => containers.subscribe(emit),
  }
}
