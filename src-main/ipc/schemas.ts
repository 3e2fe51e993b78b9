import { z } from 'zod'

import {
  containerActions,
  type RequestArgs,
  type RequestName,
  type StreamArgs,
  type StreamName,
} from '../../src-preload/contract'

/** A container's full or short id, or its name. */
export const containerRef = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'is longer than any container id or name')
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'is not a container id or name')

const noArgs = z.object({}).strict()

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

/**
 * The runtime check for every request's argument. Typed against the
 * contract, so a schema that drifts from it does not compile.
 */
export const requestSchemas: { [K in RequestName]: z.ZodType<RequestArgs<K>> } = {
  'engine.state': noArgs,
  'engine.retry': noArgs,
  'containers.list': z.object({ all: z.boolean().optional() }).strict(),
  'containers.act': z
    .object({
      ids: z.array(containerRef).min(1, 'names no container').max(5000),
      action: z.enum(containerActions),
      options: actionOptions.optional(),
    })
    .strict(),
}

export const streamSchemas: { [K in StreamName]: z.ZodType<StreamArgs<K>> } = {
  'engine.state': noArgs,
  'containers.watch': noArgs,
}
