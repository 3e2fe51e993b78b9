import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { probeMirrors } from '../../src-main/mirrors/probe'

describe('testing mirrors', () => {
  let server: Server
  let base: string
  let inFlight = 0
  let mostInFlight = 0

  beforeAll(async () => {
    server = createServer((request, response) => {
      // Only the quick answers count; a slow one outlives the test that gave up on it.
      const counted = request.url === '/ok/v2/'
      if (counted) mostInFlight = Math.max(mostInFlight, ++inFlight)
      const done = (status: number) => {
        if (counted) inFlight--
        response.writeHead(status).end()
      }
      if (request.url === '/ok/v2/') setTimeout(() => done(200), 30)
      else if (request.url === '/auth/v2/') done(401)
      else if (request.url === '/slow/v2/') setTimeout(() => done(200), 2000)
      else done(404)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('tells reachable, needs-auth and errors apart, with latency', async () => {
    const results = await probeMirrors(
      [`${base}/ok/`, `${base}/auth`, `${base}/missing/`, 'http://127.0.0.1:1/'],
      { timeoutMs: 1000, concurrency: 4 },
    )
    expect(results[0]).toMatchObject({ status: 'reachable', httpStatus: 200 })
    expect(results[0]!.latencyMs).toBeGreaterThanOrEqual(25)
    expect(results[1]).toMatchObject({ status: 'needs-auth', httpStatus: 401 })
    expect(results[2]).toMatchObject({
      status: 'error',
      httpStatus: 404,
      reason: 'HTTP 404 Not Found',
    })
    expect(results[3]).toMatchObject({
      status: 'error',
      reason: 'the connection was refused (ECONNREFUSED)',
    })
  })

  it('gives up on a slow mirror at the timeout', async () => {
    const started = Date.now()
    const [slow] = await probeMirrors([`${base}/slow/`], { timeoutMs: 200, concurrency: 1 })
    expect(slow).toMatchObject({ status: 'error', reason: 'no answer within 0.2 s' })
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('asks a few at a time, and answers in the order asked', async () => {
    mostInFlight = 0
    const mirrors = Array.from({ length: 9 }, (_, i) => `${base}/ok/?n=${i}`.replace('?', '#'))
    const results = await probeMirrors(mirrors, { timeoutMs: 1000, concurrency: 3 })
    expect(results.map((r) => r.mirror)).toEqual(mirrors)
    expect(mostInFlight).toBeLessThanOrEqual(3)
    expect(mostInFlight).toBeGreaterThan(1)
  })
})
