import type Docker from 'dockerode'

import { BerthError } from '../../src-preload/contract'

/**
 * A container that a program can run in, by id or name: present, running
 * and not paused. Otherwise an error that says which of these it is not.
 */
export async function runningContainer(
  docker: Docker,
  ref: string,
): Promise<{ id: string; name: string; info: Docker.ContainerInspectInfo }> {
  let info: Docker.ContainerInspectInfo
  try {
    info = await docker.getContainer(ref).inspect()
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new BerthError({
        code: 'not-found',
        message: `There is no container ${ref}; it may have been removed.`,
        status: 404,
      })
    }
    throw error
  }
  const name = info.Name.replace(/^\//, '') || ref
  if (info.State.Paused) {
    throw new BerthError({
      code: 'conflict',
      message: `${name} is paused. Resume it to open a terminal in it.`,
    })
  }
  if (!info.State.Running) {
    throw new BerthError({
      code: 'conflict',
      message: `${name} is not running. Start it to open a terminal in it.`,
    })
  }
  return { id: info.Id, name, info }
}
