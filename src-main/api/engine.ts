import { z } from 'zod'

import type { EngineRequests, EngineStreams } from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { engineAddressProblem } from '../engine/discovery'
import type { EngineSelector } from '../engine/engine-selector'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'

export const noArgs = z.object({}).strict()

export const engineRequestSchemas: RequestSchemasOf<EngineRequests> = {
  'engine.state': noArgs,
  'engine.retry': noArgs,
  'engine.connectTo': z
    .object({
      host: z
        .string()
        .trim()
        .min(1, 'is empty; leave it out to let Berth find the engine')
        .max(1024, 'is longer than any engine address')
        .superRefine((host, context) => {
          const problem = engineAddressProblem(host)
          if (problem) context.addIssue({ code: 'custom', message: `"${host}" ${problem}` })
        })
        .nullable(),
    })
    .strict(),
}

export const engineStreamSchemas: StreamSchemasOf<EngineStreams> = {
  'engine.state': noArgs,
}

export function engineRequests(
  engine: EngineConnection,
  selector: EngineSelector,
): RequestHandlersOf<EngineRequests> {
  return {
    'engine.connectTo': async ({ host }) => selector.connectTo(engine, host),
    'engine.state': async () => engine.current,
    'engine.retry': async () => {
      engine.retryNow()
      return null
    },
  }
}

export function engineStreams(engine: EngineConnection): StreamHandlersOf<EngineStreams> {
  return {
    'engine.state': (_args, emit) => {
      emit(engine.current)
      return engine.onState(emit)
    },
  }
}
