import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'

import type { EngineEndpoint } from '../src-preload/contract'
import { EngineConnection } from './engine/connection'
import { ContainerList } from './engine/container-list'
import { discoverEngine } from './engine/discovery'
import { createRequestHandlers, createStreamHandlers } from './ipc/handlers'
import { Router } from './ipc/router'
import type { Logger } from './log/logger'

/** Everything the main process does, without Electron: both transports share it. */
export interface BerthCore {
  endpoint: EngineEndpoint
  engine: EngineConnection
  containers: ContainerList
  router: Router
  dispose(): void
}

export function createCore(options: { engineHost?: string; log: Logger }): BerthCore {
  const { log } = options
  const endpoint = discoverEngine(options.engineHost, {
    env: process.env,
    homeDir: homedir(),
    uid: process.getuid?.() ?? 0,
    exists: existsSync,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8')
      } catch {
        return undefined
      }
    },
  })
  log.info('engine endpoint', { host: endpoint.host, source: endpoint.source })

  const engine = new EngineConnection({ endpoint, log: log.child('engine') })
  const containers = new ContainerList(engine, log.child('containers'))
  const deps = { engine, containers }
  const router = new Router(createRequestHandlers(deps), createStreamHandlers(deps), log.child('ipc'))

  containers.start()
  engine.start()

  return {
    endpoint,
    engine,
    containers,
    router,
    dispose() {
      containers.dispose()
      engine.stop()
    },
  }
}
