import { readFile } from 'node:fs/promises'

import type Docker from 'dockerode'

import type { Logger } from '../log/logger'

const graceMs = 1000

/**
 * Ends an exec's program after its session closed. The engine does not: a
 * program on a TTY keeps running when the attached connection goes (moby
 * issue 9098), and a shell left behind holds its container's resources.
 *
 * The exec's pid is in the engine host's pid namespace. When Berth runs on
 * that host, /proc tells whether the pid really is a process of this
 * container (its cgroup names the container) and what its pid is inside it.
 * It is hung up (SIGHUP, as a closed terminal would), then killed if it
 * lingers: directly when Berth may signal it, else by `kill` run in the
 * container. A remote engine's processes cannot be found this way; there the
 * program ends when the container stops.
 */
export async function reapExec(
  docker: Docker,
  exec: Docker.Exec,
  containerId: string,
  log: Logger,
): Promise<void> {
  const first = await exec.inspect()
  if (!first.Running || !first.Pid) return
  const inner = await containerPid(first.Pid, containerId)
  if (inner === undefined) {
    log.debug('an exec outlives its session: its process is not visible here', {
      container: containerId.slice(0, 12),
    })
    return
  }

  await signal(docker, containerId, first.Pid, inner, 'HUP')
  await new Promise((resolve) => setTimeout(resolve, graceMs))
  if ((await exec.inspect()).Running) {
    await signal(docker, containerId, first.Pid, inner, 'KILL')
  }
}

async function containerPid(hostPid: number, containerId: string): Promise<number | undefined> {
  try {
    const [status, cgroup] = await Promise.all([
      readFile(`/proc/${hostPid}/status`, 'utf8'),
      readFile(`/proc/${hostPid}/cgroup`, 'utf8'),
    ])
    if (!cgroup.includes(containerId)) return undefined
    const pids = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/)
    const inner = Number(pids?.[pids.length - 1])
    return pids && pids.length > 1 && inner > 0 ? inner : undefined
  } catch {
    return undefined
  }
}

async function signal(
  docker: Docker,
  containerId: string,
  hostPid: number,
  innerPid: number,
  name: 'HUP' | 'KILL',
): Promise<void> {
  try {
    process.kill(hostPid, `SIG${name}`)
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return
  }
  // Not ours to signal (the engine runs as root, Berth does not): ask the container.
  const kill = await docker.getContainer(containerId).exec({
    Cmd: ['sh', '-c', 'kill -s "$0" "$1"', name, String(innerPid)],
    AttachStdout: false,
    AttachStderr: false,
  })
  await kill.start({ Detach: true })
}
