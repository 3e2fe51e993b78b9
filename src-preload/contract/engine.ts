/** Where the engine's address came from, in the order the docker CLI looks. */
export type EngineSource =
  'setting' | 'DOCKER_HOST' | 'context' | 'default-socket' | 'rootless-socket' | 'podman-socket'

export interface EngineEndpoint {
  /** `unix:///path`, `tcp://host:port` or `ssh://user@host`. */
  host: string
  source: EngineSource
  /** The docker context's name when the address came from one. */
  context?: string
}

/** Why the engine cannot be reached right now. */
export type EngineProblem = 'socket-missing' | 'not-running' | 'permission-denied' | 'daemon-error'

export interface EngineInfo {
  version: string
  apiVersion: string
  os: string
  name: string
  rootless: boolean
}

export type EngineState =
  | { kind: 'connecting'; endpoint: EngineEndpoint }
  | { kind: 'connected'; endpoint: EngineEndpoint; info: EngineInfo }
  | {
      kind: 'unavailable'
      endpoint: EngineEndpoint
      problem: EngineProblem
      message: string
      /** When the next attempt is due, as epoch milliseconds. */
      retryAt: number
    }

export interface EngineRequests {
  'engine.state': { args: Record<string, never>; result: EngineState }
  /** Skips the wait before the next connection attempt. */
  'engine.retry': { args: Record<string, never>; result: null }
  /**
   * Connects to the engine at an address the user named, and remembers it;
   * null forgets it and finds the engine as the docker CLI would.
   */
  'engine.connectTo': { args: { host: string | null }; result: EngineEndpoint }
}

export interface EngineStreams {
  'engine.state': { args: Record<string, never>; event: EngineState }
}

export const engineRequestNames = {
  'engine.state': true,
  'engine.retry': true,
  'engine.connectTo': true,
} as const satisfies Record<keyof EngineRequests, true>

export const engineStreamNames = {
  'engine.state': true,
} as const satisfies Record<keyof EngineStreams, true>
