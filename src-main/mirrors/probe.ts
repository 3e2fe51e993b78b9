import type { ProbeResult } from '../../src-preload/contract'

export interface ProbeOptions {
  timeoutMs: number
  /** How many mirrors are asked at once. */
  concurrency: number
  fetch?: typeof fetch
}

/**
 * Asks each mirror's `/v2/` endpoint, a few at a time, how it is: 200 is a
 * registry that answers; 401 is one that wants a login (Docker Hub's own
 * answer to an anonymous client, so a healthy mirror may give it too). The
 * time to the answer's headers is the latency shown to the user.
 */
export async function probeMirrors(
  mirrors: readonly string[],
  options: ProbeOptions,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array<ProbeResult>(mirrors.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < mirrors.length) {
      const index = next++
      results[index] = await probeOne(mirrors[index]!, options)
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency, mirrors.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return results
}

async function probeOne(mirror: string, options: ProbeOptions): Promise<ProbeResult> {
  const doFetch = options.fetch ?? fetch
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`
  const started = performance.now()
  try {
    const response = await doFetch(new URL('v2/', base), {
      method: 'GET',
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { 'user-agent': 'Berth mirror probe' },
    })
    const latencyMs = Math.round(performance.now() - started)
    await response.body?.cancel()
    const httpStatus = response.status
    if (httpStatus === 200) return { mirror, status: 'reachable', latencyMs, httpStatus }
    if (httpStatus === 401) return { mirror, status: 'needs-auth', latencyMs, httpStatus }
    const reason = `HTTP ${httpStatus}${response.statusText ? ` ${response.statusText}` : ''}`
    return { mirror, status: 'error', latencyMs, httpStatus, reason }
  } catch (error) {
    return { mirror, status: 'error', reason: describeFetchError(error, options.timeoutMs) }
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string } }
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s`
  }
  const code = failure.cause?.code
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve (ENOTFOUND)'
    case 'ECONNREFUSED':
      return 'the connection was refused (ECONNREFUSED)'
    case 'ECONNRESET':
      return 'the connection was reset (ECONNRESET)'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `the network cannot reach the host (${code})`
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `TLS failed (${code})`
  return code ? `${failure.message ?? 'failed'} (${code})` : (failure.message ?? String(error))
}
