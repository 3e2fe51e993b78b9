import { containerRequests, containerStreams } from '../api/containers'
import { engineRequests, engineStreams } from '../api/engine'
import { imageRequests, imageStreams } from '../api/images'
import { mirrorRequests, mirrorStreams } from '../api/mirrors'
import type { ContainerList } from '../engine/container-list'
import type { EngineConnection } from '../engine/connection'
import type { MirrorService } from '../mirrors/mirror-service'
import type { RequestHandlers, StreamHandlers } from './router'

export interface HandlerDeps {
  engine: EngineConnection
  containers: ContainerList
  mirrors: MirrorService
}

/** Every request's handler, one part per feature. */
export function createRequestHandlers({ engine, mirrors }: HandlerDeps): RequestHandlers {
  return {
    ...engineRequests(engine),
    ...containerRequests(engine),
    ...mirrorRequests(mirrors),
    ...imageRequests(engine),
  }
}

export function createStreamHandlers({ engine, containers, mirrors }: HandlerDeps): StreamHandlers {
  return {
    ...engineStreams(engine),
    ...containerStreams(containers),
    ...mirrorStreams(mirrors),
    ...imageStreams(engine),
  }
}
