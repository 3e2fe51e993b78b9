import { containerRequests, containerStreams } from '../api/containers'
import { engineRequests, engineStreams } from '../api/engine'
import { execRequests, execStreams } from '../api/exec'
import { imageRequests, imageStreams } from '../api/images'
import { logRequests, logStreams } from '../api/logs'
import { mirrorRequests, mirrorStreams } from '../api/mirrors'
import type { ContainerList } from '../engine/container-list'
import type { EngineConnection } from '../engine/connection'
import type { EngineSelector } from '../engine/engine-selector'
import type { ExecService } from '../exec/exec-service'
import type { LogService } from '../logs/log-service'
import type { MirrorService } from '../mirrors/mirror-service'
import type { RequestHandlers, StreamHandlers } from './router'

export interface HandlerDeps {
  engine: EngineConnection
  selector: EngineSelector
  containers: ContainerList
  logs: LogService
  exec: ExecService
  mirrors: MirrorService
}

/** Every request's handler, one part per feature. */
export function createRequestHandlers({
  engine,
  selector,
  containers,
  logs,
  exec,
  mirrors,
}: HandlerDeps): RequestHandlers {
  return {
    ...engineRequests(engine, selector),
    ...containerRequests(engine, containers),
    ...logRequests(logs),
    ...execRequests(exec),
    ...mirrorRequests(mirrors),
    ...imageRequests(engine),
  }
}

export function createStreamHandlers({
  engine,
  containers,
  logs,
  exec,
  mirrors,
}: HandlerDeps): StreamHandlers {
  return {
    ...engineStreams(engine),
    ...containerStreams(containers),
    ...logStreams(logs),
    ...execStreams(exec),
    ...mirrorStreams(mirrors),
    ...imageStreams(engine),
  }
}
