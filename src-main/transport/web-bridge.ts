import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

import { WebSocketServer, type RawData, type WebSocket } from 'ws'

import type { ClientFrame, ServerFrame, StreamMessage } from '../../src-preload/contract'
import type { Peer, Router } from '../ipc/router'
import type { Logger } from '../log/logger'

export interface WebBridgeOptions {
  router: Router
  log: Logger
  /** The built renderer's folder. */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed for tests; random otherwise. */
  token?: string
  /**
   * GET handlers by path, behind the same token check as everything else:
   * downloads that stream from the engine, such as a container's whole log.
   */
  routes?: Record<string, (url: URL, res: ServerResponse) => Promise<void>>
}

export interface WebBridge {
  /** The full address, token included, that opens the app. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const cookieName = 'berth_token'
const bridgePath = '/bridge'
const maxFrameBytes = 16 * 1024 * 1024

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

/**
 * Serves the renderer and the request router on loopback only. Every request
 * must carry the access token (in the query, or in the cookie set from it), and
 * must name this server in Host and, where a browser sends one, Origin, so a
 * page on another site, or a DNS name rebound to 127.0.0.1, gets nothing.
 */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const { router, log } = options
  const token = options.token ?? randomBytes(24).toString('base64url')
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })
  const server = createServer()
  let port = 0
  let nextPeer = 1

  const allowedHosts = (): Set<string> =>
    new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])

  const authorize = (req: IncomingMessage): string | undefined => {
    const host = req.headers.host ?? ''
    if (!allowedHosts().has(host)) return 'unknown host'
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return 'foreign origin'
    }
    const url = new URL(req.url ?? '/', `http://${host}`)
    const offered = url.searchParams.get('token') ?? readCookie(req, cookieName)
    return offered !== undefined && sameSecret(offered, token)
      ? undefined
      : 'missing or wrong token'
  }

  server.on('request', (req, res) => {
    const refusal = authorize(req)
    if (refusal) {
      log.warn('refused a request', { reason: refusal, url: redact(req.url) })
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`Forbidden: ${refusal}\n`)
      return
    }
    const url = new URL(req.url ?? '/', 'http://x')
    const route = options.routes?.[url.pathname]
    if (route && req.method === 'GET') {
      void route(url, res).catch((error: unknown) => {
        log.error('a download failed', { path: url.pathname, error })
        if (!res.headersSent) res.writeHead(500).end()
        else res.destroy()
      })
      return
    }
    void serveStatic(req, res, options.rendererDir, token).catch((error: unknown) => {
      log.error('serving a file failed', { error })
      if (!res.headersSent) res.writeHead(500).end()
    })
  })

  server.on('upgrade', (req, socket, head) => {
    const refusal = authorize(req)
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (refusal || path !== bridgePath) {
      log.warn('refused a bridge connection', { reason: refusal ?? 'wrong path' })
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachPeer(ws, `web-${nextPeer++}`))
  })

  const attachPeer = (ws: WebSocket, id: string): void => {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
    }
    const peer: Peer = {
      id,
      send: (message: StreamMessage) => send({ kind: 'stream', ...message }),
    }
    log.debug('bridge peer connected', { peer: id })

    ws.on('message', (data) => {
      let frame: ClientFrame
      try {
        frame = JSON.parse(textOf(data)) as ClientFrame
      } catch {
        ws.close(1003, 'frames must be JSON')
        return
      }
      switch (frame?.kind) {
        case 'invoke':
          void router
            .invoke(peer, frame.method, frame.args)
            .then((envelope) => send({ kind: 'reply', seq: frame.seq, envelope }))
          break
        case 'open':
          void router
            .open(peer, frame.streamId, frame.name, frame.args)
            .then((envelope) => send({ kind: 'reply', seq: frame.seq, envelope }))
          break
        case 'close':
          router.close(peer, frame.streamId)
          break
        default:
          ws.close(1003, 'unknown frame')
      }
    })
    ws.on('close', () => {
      router.disconnect(peer)
      log.debug('bridge peer left', { peer: id })
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => closeServer(server, wss),
  }
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  token: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end()
    return
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  const relative = normalize(pathname === '/' ? '/index.html' : pathname)
  const file = join(root, relative)
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end()
    return
  }

  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
    return
  }
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'set-cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.from(new Uint8Array(data)).toString('utf8')
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function redact(url: string | undefined): string {
  return (url ?? '').replace(/token=[^&]*/, 'token=…')
}

function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate()
  wss.close()
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
