import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'

import type { ProbeResult } from '../../src-preload/contract'

export interface ProbeOptions {
  timeoutMs: number
  /** How many mirrors are asked at once. */
  concurrency: number
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

/**
 * One `GET /v2/` with node's own client rather than fetch, which refuses
 * "unsafe" ports (6000, 6667 and others) that a registry may well use.
 */
async function probeOne(mirror: string, options: ProbeOptions): Promise<ProbeResult> {
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`
  const url = new URL('v2/', base)
  const started = performance.now()
  try {
    const response = await get(url, options.timeoutMs)
    const latencyMs = Math.round(performance.now() - started)
    response.resume()
    const httpStatus = response.statusCode ?? 0
    if (httpStatus >= 200 && httpStatus < 300) {
      return { mirror, status: 'reachable', latencyMs, httpStatus }
    }
    if (httpStatus === 401) return { mirror, status: 'needs-auth', latencyMs, httpStatus }
    const text = response.statusMessage ? ` ${response.statusMessage}` : ''
    return { mirror, status: 'error', latencyMs, httpStatus, reason: `HTTP ${httpStatus}${text}` }
  } catch (error) {
    return { mirror, status: 'error', reason: describeFailure(error, options.timeoutMs) }
  }
}

function get(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { 'user-agent': 'Berth mirror probe' },
      signal: AbortSignal.timeout(timeoutMs),
    })
    req.once('response', resolve)
    req.once('error', reject)
    req.end()
  })
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; code?: string }
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s`
  }
  const code = failure.code
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
