import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'

import type { BerthCore } from '../../src-main/core'
import { silentLogger } from '../../src-main/log/logger'
import { startWebBridge, type WebBridge } from '../../src-main/transport/web-bridge'
import type { ServerFrame } from '../../src-preload/contract'
import { startTestCore } from '../harness/test-core'
import { waitFor } from '../harness/wait'

const page = '<!doctype html><title>Berth test page</title>'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

describe('web bridge', () => {
  let core: BerthCore
  let bridge: WebBridge
  let rendererDir: string

  /** A GET to the bridge on 127.0.0.1, with whatever Host and other headers are given. */
  const get = (path: string, headers: Record<string, string> = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: bridge.port, path, headers: { ...localHost(), ...headers } },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        },
      )
      req.on('error', reject)
      req.end()
    })

  const localHost = (): Record<string, string> => ({ host: `127.0.0.1:${bridge.port}` })

  /** Opens a WebSocket to the bridge; resolves with it, or with the refusal's status. */
  const openSocket = (
    query: string,
    origin?: string,
  ): Promise<{ socket: WebSocket } | { refused: number }> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(
        `ws://127.0.0.1:${bridge.port}/bridge${query}`,
        origin ? { origin } : {},
      )
      socket.once('open', () => resolve({ socket }))
      socket.once('unexpected-response', (_req, res) => {
        resolve({ refused: res.statusCode ?? 0 })
        socket.terminate()
      })
      socket.once('error', reject)
    })

  beforeAll(async () => {
    core = await startTestCore()
    rendererDir = await mkdtemp(join(tmpdir(), 'berth-renderer-'))
    await writeFile(join(rendererDir, 'index.html'), page)
    bridge = await startWebBridge({ router: core.router, log: silentLogger, rendererDir })
  })

  afterAll(async () => {
    await bridge?.close()
    core?.dispose()
    if (rendererDir) await rm(rendererDir, { recursive: true, force: true })
  })

  it('refuses the page without the token', async () => {
    const answer = await get('/')

    expect(answer.status).toBe(403)
    expect(answer.body).not.toContain('Berth test page')
  })

  it('refuses a wrong token', async () => {
    expect((await get(`/?token=${bridge.token}x`)).status).toBe(403)
  })

  it('serves the page with the token and sets a cookie that is enough afterwards', async () => {
    const first = await get(`/?token=${bridge.token}`)

    expect(first.status).toBe(200)
    expect(first.body).toBe(page)
    const cookie = first.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toContain(`berth_token=${bridge.token}`)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)

    const again = await get('/index.html', { cookie: cookie.split(';')[0]! })
    expect(again.status).toBe(200)
  })

  it('refuses a request for another host name, even with the token (DNS rebinding)', async () => {
    const answer = await get(`/?token=${bridge.token}`, { host: `evil.example:${bridge.port}` })

    expect(answer.status).toBe(403)
    expect(answer.body).not.toContain('Berth test page')
  })

  it('refuses a bridge connection without the token', async () => {
    expect(await openSocket('')).toEqual({ refused: 403 })
  })

  it('refuses a bridge connection from a page of another origin', async () => {
    expect(await openSocket(`?token=${bridge.token}`, 'http://evil.example')).toEqual({
      refused: 403,
    })
  })

  it('answers requests over the bridge and closes its streams when the socket closes', async () => {
    const opened = vi.spyOn(core.router, 'open')
    const result = await openSocket(`?token=${bridge.token}`, `http://127.0.0.1:${bridge.port}`)
    if (!('socket' in result)) throw new Error(`refused with ${result.refused}`)
    const { socket } = result
    const frames: ServerFrame[] = []
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame))
    const send = (frame: object): void => socket.send(JSON.stringify(frame))

    send({ kind: 'invoke', seq: 1, method: 'engine.state', args: {} })
    const reply = await waitFor('the reply', () =>
      frames.find((f) => f.kind === 'reply' && f.seq === 1),
    )
    expect(reply).toMatchObject({ envelope: { ok: true, value: { kind: 'connected' } } })

    send({ kind: 'open', seq: 2, streamId: 'list', name: 'containers.watch', args: {} })
    send({ kind: 'open', seq: 3, streamId: 'state', name: 'engine.state', args: {} })
    await waitFor('the first list event', () =>
      frames.find((f) => f.kind === 'stream' && f.streamId === 'list' && 'event' in f),
    )
    await waitFor('both streams to be open', () => opened.mock.calls.length === 2)
    const peer = opened.mock.calls[0]![0]
    expect(core.router.openStreamCount(peer)).toBe(2)

    socket.close()
    await waitFor('the streams to close', () => core.router.openStreamCount(peer) === 0, {
      timeoutMs: 2000,
    })
    opened.mockRestore()
  })

  it('listens on 127.0.0.1 only', async () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1')

    const otherAddresses = [
      '127.0.0.2',
      ...Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => a!.address),
    ]
    for (const address of otherAddresses) {
      expect(await canConnect(address, bridge.port), address).toBe(false)
    }
    expect(await canConnect('127.0.0.1', bridge.port)).toBe(true)
  })
})

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
