import Docker from 'dockerode'

import type { EngineEndpoint } from '../../src-preload/contract'

/**
 * Builds a client for an endpoint. No API version is pinned: unversioned
 * paths are served at the engine's own current version.
 */
export function createDockerClient(endpoint: EngineEndpoint): Docker {
  const url = new URL(endpoint.host)
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: decodeURIComponent(url.pathname) })
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = url.protocol === 'https:' || process.env.DOCKER_TLS_VERIFY === '1'
      return new Docker({
        host: url.hostname,
        port: url.port || (tls ? 2376 : 2375),
        protocol: tls ? 'https' : 'http',
      })
    }
    case 'ssh:':
      return new Docker({
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || 22,
        username: decodeURIComponent(url.username) || undefined,
      })
    default:
      throw new Error(`Unsupported engine address ${endpoint.host}`)
  }
}

/** The socket path of a unix endpoint, or undefined for network endpoints. */
export function socketPathOf(endpoint: EngineEndpoint): string | undefined {
  return endpoint.host.startsWith('unix://') ? endpoint.host.slice('unix://'.length) : undefined
}
