import type { ContainerList } from '../engine/container-list'
import { runBulkAction } from '../engine/container-actions'
import type { EngineConnection } from '../engine/connection'
import { toSummary } from '../engine/summaries'
import type { RequestHandlers, StreamHandlers } from './router'

export interface HandlerDeps {
  engine: EngineConnection
  containers: ContainerList
}

export function createRequestHandlers({ engine }: HandlerDeps): RequestHandlers {
  return {
    'engine.state': async () => engine.current,

    'engine.retry': async () => {
      engine.retryNow()
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

export function createStreamHandlers({ engine, containers }: HandlerDeps): StreamHandlers {
  return {
    'engine.state': (_args, emit) => {
      emit(engine.current)
      return engine.onState(emit)
    },
    'containers.watch': (_args, emit) => containers.subscribe(emit),
  }
}
