import type Docker from 'dockerode'
import { inject } from 'vitest'

import { createCore, type BerthCore } from '../../src-main/core'
import { silentLogger } from '../../src-main/log/logger'
import { engineClient } from './engine-client'
import { waitFor } from './wait'

/** The engine the global setup chose. */
export function testHost(): string {
  return inject('dockerHost')
}

/** An Engine API client for the test's own setup and checks. */
export function testDocker(host = testHost()): Docker {
  return engineClient(host)
}

/** Berth's real main-process core against an engine, once it is connected. */
export async function startTestCore(host = testHost()): Promise<BerthCore> {
  const core = createCore({ engineHost: host, log: silentLogger })
  try {
    await waitFor('the engine to connect', () => core.engine.current.kind === 'connected')
  } catch (error) {
    core.dispose()
    throw error
  }
  return core
}
