import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { logDownloadRoute } from './api/logs'
import { parseCliArgs } from './app/args'
import { dataDir, logFile, settingsFile } from './app/paths'
import { createCore } from './core'
import { consoleSink, createLogger, fileSink } from './log/logger'
import { logDownloadPath } from './logs/log-service'
import { startWebBridge } from './transport/web-bridge'

/**
 * Serves Berth to a browser on this machine: the renderer and its bridge on
 * 127.0.0.1, behind a random token. Reach it from elsewhere through an SSH
 * tunnel; it never listens beyond loopback.
 */
async function main(): Promise<void> {
  let cli
  try {
    cli = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`berth web: ${(error as Error).message}\n`)
    process.exit(2)
  }

  const verbose = process.env.BERTH_LOG_LEVEL === 'debug'
  const log = createLogger({
    level: verbose ? 'debug' : 'info',
    sinks: [fileSink(logFile(dataDir())), ...(verbose ? [consoleSink()] : [])],
  })
  const core = createCore({
    engineHost: cli.engine ?? process.env.BERTH_ENGINE,
    settingsFile: settingsFile(dataDir()),
    log,
  })
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  const bridge = await startWebBridge({
    router: core.router,
    log: log.child('web'),
    rendererDir,
    // A browser cannot be handed a file path: a saved log is a download.
    routes: { [logDownloadPath]: logDownloadRoute(core.logs) },
    ...(cli.port !== undefined ? { port: cli.port } : {}),
  })

  process.stdout.write(`Berth is serving at ${bridge.url}\n`)

  const shutdown = (): void => {
    core.dispose()
    void bridge.close().then(() => process.exit(0))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  process.stderr.write(`berth web: ${(error as Error).message ?? String(error)}\n`)
  process.exit(1)
})
