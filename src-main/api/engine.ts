import { z } from 'zod'

import type { EngineRequests, EngineStreams } from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
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
}

export const engineStreamSchemas: StreamSchemasOf<EngineStreams> = {
  'engine.state': noArgs,
}

export function engineRequests(engine: EngineConnection): RequestHandlersOf<EngineRequests> {
  return {
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
