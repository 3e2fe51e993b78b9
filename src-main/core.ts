import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'

import type { EngineEndpoint } from '../src-preload/contract'
import { SettingsFile } from './app/settings'
import { EngineConnection } from './engine/connection'
import { ContainerList } from './engine/container-list'
import type { DiscoveryEnvironment } from './engine/discovery'
import { EngineSelector } from './engine/engine-selector'
import { ExecService } from './exec/exec-service'
import { createRequestHandlers, createStreamHandlers } from './ipc/handlers'
import { Router } from './ipc/router'
import type { Logger } from './log/logger'
import { LogService } from './logs/log-service'
import { MirrorService, type MirrorServiceOptions } from './mirrors/mirror-service'
import { locateHelper } from './mirrors/privileged-writer'

/** Everything the main process does, without Electron: both transports share it. */
export interface BerthCore {
  endpoint: EngineEndpoint
  engine: EngineConnection
  containers: ContainerList
  logs: LogService
  exec: ExecService
  mirrors: MirrorService
  router: Router
  dispose(): void
}

export interface CoreOptions {
  /** An engine address given at start; it wins over the saved one for this run. */
  engineHost?: string
  /** Where the user's choices are kept; none are kept when not given. */
  settingsFile?: string
  log: Logger
  /** The engine's daemon.json; BERTH_DAEMON_JSON, else found from the engine. */
  daemonJson?: string
  /** The daemon's pid file, for reloading it; BERTH_DAEMON_PIDFILE, else the engine's default. */
  daemonPidFile?: string
  /** Settings of the registry-mirror editor that tests change. */
  mirrors?: Partial<Pick<MirrorServiceOptions, 'elevate' | 'verifyTimeoutMs' | 'helperPath'>>
}

export function createCore(options: CoreOptions): BerthCore {
  const { log } = options
  const sys: DiscoveryEnvironment = {
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
  }
  const settings = options.settingsFile ? new SettingsFile(options.settingsFile) : undefined
  const selector = new EngineSelector(sys, settings, options.engineHost)
  const endpoint = selector.resolve()
  log.info('engine endpoint', { host: endpoint.host, source: endpoint.source })

  const engine = new EngineConnection({ endpoint, log: log.child('engine') })
  const containers = new ContainerList(engine, log.child('containers'))
  const logs = new LogService(engine, log.child('logs'))
  const exec = new ExecService(engine, log.child('exec'))
  const daemonJson = options.daemonJson ?? (process.env.BERTH_DAEMON_JSON || undefined)
  const daemonPidFile = options.daemonPidFile ?? (process.env.BERTH_DAEMON_PIDFILE || undefined)
  const mirrors = new MirrorService({
    engine,
    log: log.child('mirrors'),
    paths: {
      ...(daemonJson ? { daemonJson } : {}),
      ...(daemonPidFile ? { pidFile: daemonPidFile } : {}),
    },
    helperPath: locateHelper(import.meta.dirname),
    ...options.mirrors,
  })
  const deps = { engine, selector, containers, logs, exec, mirrors }
  const router = new Router(
    createRequestHandlers(deps),
    createStreamHandlers(deps),
    log.child('ipc'),
  )

  containers.start()
  engine.start()

  return {
    endpoint,
    engine,
    containers,
    logs,
    exec,
    mirrors,
    router,
    dispose() {
      containers.dispose()
      engine.stop()
    },
  }
}
