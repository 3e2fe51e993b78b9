import type Docker from 'dockerode'
// Loads vitest's types, so that the declaration below extends them.
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

import { engineClient } from './engine-client'
import { removeTestResources, testRunId } from './labels'
import { resolveTestEngine } from './private-daemon'
import { ensureBusyboxImage } from './test-image'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine the integration tests run against, as `unix:///…` or `tcp://…`. */
    dockerHost: string
  }
}

/**
 * Gives the integration tests an engine holding the test image, and takes
 * away afterwards whatever the run left on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await resolveTestEngine()
  let docker: Docker
  try {
    docker = engineClient(engine.host)
    await ensureBusyboxImage(docker)
  } catch (error) {
    await engine.stop()
    throw error
  }

  project.provide('dockerHost', engine.host)
  // Child processes the tests start (a web server, say) find the engine here.
  const given = process.env.BERTH_TEST_DOCKER_HOST
  process.env.BERTH_TEST_DOCKER_HOST = engine.host

  return async () => {
    try {
      await removeTestResources(docker, testRunId)
    } finally {
      await engine.stop()
      // A rerun in watch mode must not take a stopped daemon for a given one.
      if (given === undefined) delete process.env.BERTH_TEST_DOCKER_HOST
    }
  }
}
