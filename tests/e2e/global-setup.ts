import { join } from 'node:path'

import type { FullConfig } from '@playwright/test'

import { engineClient } from '../harness/engine-client'
import { removeTestResources, testRunId } from '../harness/labels'
import { resolveTestEngine } from '../harness/private-daemon'
import { seedBusybox, startRegistry, type PrivateRegistry } from '../harness/registry'
import { ensureBusyboxImage } from '../harness/test-image'
import { startWebServer } from './web-server'

/**
 * One engine (a private dockerd unless BERTH_TEST_DOCKER_HOST names one) and
 * one `npm run web` server for the whole E2E run. The tests find them through
 * the environment, which the workers inherit.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const engine = await resolveTestEngine()
  const docker = engineClient(engine.host)
  let server
  let registry: PrivateRegistry | undefined
  try {
    await ensureBusyboxImage(docker)
    // A registry holding library/busybox, for the mirror tests to use as a Docker Hub mirror.
    registry = await startRegistry()
    await seedBusybox(docker, registry)
    process.env.BERTH_E2E_REGISTRY = registry.url
    // The web server edits the private daemon's own daemon.json and reloads that daemon.
    if (engine.daemon) {
      process.env.BERTH_DAEMON_JSON = engine.daemon.configFile
      process.env.BERTH_DAEMON_PIDFILE = join(engine.daemon.dir, 'dockerd.pid')
    }
    server = await startWebServer(engine.host)
  } catch (error) {
    await registry?.stop()
    await engine.stop()
    throw error
  }

  process.env.BERTH_TEST_DOCKER_HOST = engine.host
  process.env.BERTH_E2E_URL = server.url

  return async () => {
    try {
      await server.stop()
      await removeTestResources(docker, testRunId)
    } finally {
      await registry?.stop()
      await engine.stop()
    }
  }
}
