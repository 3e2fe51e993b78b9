import type Docker from 'dockerode'

import type {
  ActionOutcome,
  ContainerAction,
  ContainerActionOptions,
} from '../../src-preload/contract'
import { toBerthError } from '../ipc/errors'

/** How many containers one bulk action works on at a time. */
const concurrency = 4

/** Runs one action on one container, as the docker CLI command of that name. */
export async function runContainerAction(
  docker: Docker,
  id: string,
  action: ContainerAction,
  options: ContainerActionOptions = {},
): Promise<void> {
  const container = docker.getContainer(id)
  const timeout = options.timeout !== undefined ? { t: options.timeout } : {}
  try {
    switch (action) {
      case 'start':
        return void (await container.start())
      case 'stop':
        return void (await container.stop(timeout))
      case 'restart':
        return void (await container.restart(timeout))
      case 'pause':
        return void (await container.pause())
      case 'unpause':
        return void (await container.unpause())
      case 'kill':
        return void (await container.kill(options.signal ? { signal: options.signal } : {}))
      case 'remove':
        return void (await container.remove({ force: !!options.force, v: !!options.volumes }))
    }
  } catch (error) {
    // 304: already started or already stopped, which is what was asked for.
    if ((error as { statusCode?: number }).statusCode === 304) return
    throw error
  }
}

/** Runs an action on many containers; one failure does not stop the others. */
export async function runBulkAction(
  docker: Docker,
  ids: string[],
  action: ContainerAction,
  options?: ContainerActionOptions,
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = new Array(ids.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++
      const id = ids[index]!
      try {
        await runContainerAction(docker, id, action, options)
        outcomes[index] = { id }
      } catch (error) {
        outcomes[index] = { id, error: toBerthError(error).toData() }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker))
  return outcomes
}
