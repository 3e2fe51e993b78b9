import { containerRequests, containerStreams } from '../api/containers'
import { engineRequests, engineStreams } from '../api/engine'
import type { ContainerList } from '../engine/container-list'
import type { EngineConnection } from '../engine/connection'
import type { RequestHandlers, StreamHandlers } from './router'

export interface HandlerDeps {
  engine: EngineConnection
  containers: ContainerList
}

/** Every request's handler, one part per feature. */
export function createRequestHandlers({ engine }: HandlerDeps): RequestHandlers {
  return {
    ...engineRequests(engine),
    ...containerRequests(engine),
  }
}

export function createStreamHandlers({ engine, containers }: HandlerDeps): StreamHandlers {
  return {
    ...engineStreams(engine),
    ...containerStreams(containers),
  }
}
