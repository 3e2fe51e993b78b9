import type {
  BerthBridge,
  ClientFrame,
  Envelope,
  ServerFrame,
  StreamMessage,
} from '../../../src-preload/contract'

/**
 * The bridge over a WebSocket to `npm run web`'s server, for a page served
 * to an ordinary browser. The access token travels in the cookie the server
 * set when the page was loaded.
 */
export function createWebSocketBridge(url: string): BerthBridge & { ready: Promise<void> } {
  const socket = new WebSocket(url)
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  const queue: string[] = []
  let seq = 0
  const openStreams = new Set<string>()
  let receiver: ((message: StreamMessage) => void) | undefined

  const ready = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()))

  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame)
  })
  socket.addEventListener('message', (event: MessageEvent<string>) => {
    const frame = JSON.parse(event.data) as ServerFrame
    if (frame.kind === 'reply') {
      pending.get(frame.seq)?.(frame.envelope)
      pending.delete(frame.seq)
    } else {
      const { kind: _kind, ...message } = frame
      if ('end' in message) openStreams.delete(message.streamId)
      receiver?.(message)
    }
  })
  socket.addEventListener('close', () => {
    const lost: Envelope<never> = {
      ok: false,
      error: { code: 'engine-unavailable', message: 'The connection to Berth was closed.' },
    }
    for (const reply of pending.values()) reply(lost)
    pending.clear()
    // Streams end with the socket; their owners hear why.
    for (const streamId of openStreams) receiver?.({ streamId, end: true, error: lost.error })
    openStreams.clear()
  })

  const send = (frame: ClientFrame): void => {
    const text = JSON.stringify(frame)
    if (socket.readyState === WebSocket.OPEN) socket.send(text)
    else queue.push(text)
  }

  const request = <T>(frame: ClientFrame & { seq: number }): Promise<Envelope<T>> =>
    new Promise((resolve) => {
      pending.set(frame.seq, resolve as (envelope: Envelope<unknown>) => void)
      send(frame)
    })

  return {
    ready,
    invoke: (method, args) => request({ kind: 'invoke', seq: ++seq, method, args }),
    openStream: (streamId, name, args) => {
      openStreams.add(streamId)
      return request<null>({ kind: 'open', seq: ++seq, streamId, name, args })
    },
    closeStream: (streamId) => {
      openStreams.delete(streamId)
      send({ kind: 'close', streamId })
    },
    onStreamMessage: (listener) => {
      receiver = listener
      return () => {
        if (receiver === listener) receiver = undefined
      }
    },
  }
}
