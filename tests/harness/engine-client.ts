import Docker from 'dockerode'

/**
 * A plain Engine API client for the harness and the tests' own checks, built
 * here rather than by Berth's code so that a fault there cannot hide itself.
 */
export function engineClient(host: string): Docker {
  const url = new URL(host)
  if (url.protocol === 'unix:') return new Docker({ socketPath: decodeURIComponent(url.pathname) })
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' })
  }
  throw new Error(`The test harness cannot reach ${host}; give a unix:// or tcp:// address.`)
}
