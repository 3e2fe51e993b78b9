import { createHash } from 'node:crypto'
import { join } from 'node:path'

import type { EngineEndpoint } from '../../src-preload/contract'

/** What discovery may look at; injected so the order can be tested without a machine. */
export interface DiscoveryEnvironment {
  env: Record<string, string | undefined>
  homeDir: string
  uid: number
  exists(path: string): boolean
  readText(path: string): string | undefined
}

/**
 * Finds the engine the way the docker CLI does: an explicit setting, then
 * DOCKER_HOST, then the current docker context, then the well-known sockets of
 * a rootful engine, a rootless one and Podman.
 */
export function discoverEngine(
  setting: string | undefined,
  sys: DiscoveryEnvironment,
): EngineEndpoint {
  if (setting) return { host: setting, source: 'setting' }

  const fromEnv = sys.env.DOCKER_HOST
  if (fromEnv) return { host: fromEnv, source: 'DOCKER_HOST' }

  const context = currentContext(sys)
  if (context) return context

  const runtimeDir = sys.env.XDG_RUNTIME_DIR || `/run/user/${sys.uid}`
  const candidates: EngineEndpoint[] = [
    { host: 'unix:///var/run/docker.sock', source: 'default-socket' },
    { host: `unix://${join(runtimeDir, 'docker.sock')}`, source: 'rootless-socket' },
    { host: `unix://${join(runtimeDir, 'podman', 'podman.sock')}`, source: 'podman-socket' },
    { host: 'unix:///run/podman/podman.sock', source: 'podman-socket' },
  ]
  const found = candidates.find((c) => sys.exists(c.host.slice('unix://'.length)))

  // With nothing found, point at the default socket so the user is told it is missing.
  return found ?? candidates[0]!
}

function currentContext(sys: DiscoveryEnvironment): EngineEndpoint | undefined {
  const configDir = sys.env.DOCKER_CONFIG || join(sys.homeDir, '.docker')
  let name = sys.env.DOCKER_CONTEXT
  if (!name) {
    const config = parseJson(sys.readText(join(configDir, 'config.json')))
    name = typeof config?.currentContext === 'string' ? config.currentContext : undefined
  }
  if (!name || name === 'default') return undefined

  // The CLI stores each context's metadata under the SHA-256 of its name.
  const digest = createHash('sha256').update(name).digest('hex')
  const meta = parseJson(sys.readText(join(configDir, 'contexts', 'meta', digest, 'meta.json')))
  const endpoints = meta?.Endpoints as Record<string, { Host?: unknown }> | undefined
  const host = endpoints?.docker?.Host
  return typeof host === 'string' && host ? { host, source: 'context', context: name } : undefined
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** What is wrong with an engine address a user typed, or undefined if nothing. */
export function engineAddressProblem(host: string): string | undefined {
  let url: URL
  try {
    url = new URL(host)
  } catch {
    return 'is not an address; write it as unix:///path/to/docker.sock or tcp://host:2375'
  }
  switch (url.protocol) {
    case 'unix:':
      if (url.host) return 'must be unix:// followed by an absolute path (three slashes)'
      return url.pathname.length > 1 ? undefined : 'names no socket file'
    case 'tcp:':
    case 'http:':
    case 'https:':
    case 'ssh:':
      return url.hostname ? undefined : 'names no host'
    default: {
      const scheme = url.protocol.replace(/:$/, '')
      return `uses ${scheme}://, which no engine speaks; use unix://, tcp:// or ssh://`
    }
  }
}
