import type { BerthErrorData } from './errors'

export const containerStates = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const

export type ContainerState = (typeof containerStates)[number]

export interface PortMapping {
  privatePort: number
  publicPort?: number
  ip?: string
  protocol: string
}

/** One row of `docker ps -a`, in the shape the renderer shows. */
export interface ContainerSummary {
  id: string
  name: string
  image: string
  command: string
  state: ContainerState
  /** The engine's own status text, such as "Up 3 minutes" or "Exited (0) 2 hours ago". */
  status: string
  /** Creation time in Unix seconds. */
  created: number
  ports: PortMapping[]
  labels: Record<string, string>
  composeProject?: string
  composeService?: string
}

export const containerActions = [
  'start',
  'stop',
  'restart',
  'pause',
  'unpause',
  'kill',
  'remove',
] as const

export type ContainerAction = (typeof containerActions)[number]

export interface ContainerActionOptions {
  /** remove: kill a running container first. */
  force?: boolean
  /** remove: also remove its anonymous volumes. */
  volumes?: boolean
  /** stop and restart: seconds to wait before killing. */
  timeout?: number
  /** kill: the signal to send, such as SIGKILL or SIGTERM. */
  signal?: string
}

/** Changes to the container list, pushed by the main process in order. */
export type ContainerListEvent =
  | { type: 'snapshot'; containers: ContainerSummary[] }
  | { type: 'upsert'; container: ContainerSummary }
  | { type: 'remove'; id: string }

/** The result of one action on one container of a bulk request. */
export interface ActionOutcome {
  id: string
  error?: BerthErrorData
}

export interface ContainerRequests {
  'containers.list': { args: { all?: boolean }; result: ContainerSummary[] }
  /** Reads the list from the engine again; the watchers get a new snapshot first. */
  'containers.refresh': { args: Record<string, never>; result: null }
  'containers.act': {
    args: { ids: string[]; action: ContainerAction; options?: ContainerActionOptions }
    result: ActionOutcome[]
  }
}

export interface ContainerStreams {
  'containers.watch': { args: Record<string, never>; event: ContainerListEvent }
}

export const containerRequestNames = {
  'containers.list': true,
  'containers.refresh': true,
  'containers.act': true,
} as const satisfies Record<keyof ContainerRequests, true>

export const containerStreamNames = {
  'containers.watch': true,
} as const satisfies Record<keyof ContainerStreams, true>

/** Which actions make sense for a container in this state. */
export function actionsFor(state: ContainerState): ContainerAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause', 'kill', 'remove']
    case 'paused':
      return ['unpause', 'kill', 'remove']
    case 'restarting':
      return ['stop', 'kill', 'remove']
    case 'created':
    case 'exited':
    case 'dead':
      return ['start', 'remove']
    case 'removing':
      return []
  }
}
