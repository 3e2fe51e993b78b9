import {
  BerthError,
  type BerthBridge,
  type RequestArgs,
  type RequestName,
  type RequestResult,
  type StreamArgs,
  type StreamEvent,
  type StreamName,
} from '../../../src-preload/contract'
import { createWebSocketBridge } from './ws-bridge'

export interface StreamHandle {
  readonly id: string
  close(): void
}

export interface StreamCallbacks<E> {
  event(event: E): void
  /** The main process ended the stream, with a reason when it failed. */
  end?(error?: BerthError): void
}

/** The contract, typed, over whichever bridge the page has. */
export interface BerthClient {
  invoke<K extends RequestName>(method: K, args: RequestArgs<K>): Promise<RequestResult<K>>
  open<K extends StreamName>(
    name: K,
    args: StreamArgs<K>,
    callbacks: StreamCallbacks<StreamEvent<K>>,
  ): Promise<StreamHandle>
}

export function createClient(bridge: BerthBridge): BerthClient {
  const streams = new Map<string, StreamCallbacks<unknown>>()
  let counter = 0

  bridge.onStreamMessage((message) => {
    const callbacks = streams.get(message.streamId)
    if (!callbacks) return
    if ('end' in message) {
      streams.delete(message.streamId)
      callbacks.end?.(message.error ? new BerthError(message.error) : undefined)
    } else {
      callbacks.event(message.event)
    }
  })

  return {
    async invoke<K extends RequestName>(
      method: K,
      args: RequestArgs<K>,
    ): Promise<RequestResult<K>> {
      const envelope = await bridge.invoke(method, args)
      if (!envelope.ok) throw new BerthError(envelope.error)
      // The main process answered this method with its contract's result type.
      return envelope.value as RequestResult<K>
    },

    async open(name, args, callbacks) {
      const id = `s${++counter}-${Math.random().toString(36).slice(2, 8)}`
      // Registered first: the main process may push the first event before it answers.
      streams.set(id, callbacks)
      const envelope = await bridge.openStream(id, name, args)
      if (!envelope.ok) {
        streams.delete(id)
        throw new BerthError(envelope.error)
      }
      return {
        id,
        close() {
          if (streams.delete(id)) bridge.closeStream(id)
        },
      }
    },
  }
}

declare global {
  interface Window {
    berth?: BerthBridge
  }
}

/** The preload's bridge inside Electron; a WebSocket to the serving host in a browser. */
export function connectBridge(): BerthBridge {
  if (window.berth) return window.berth
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return createWebSocketBridge(`${scheme}//${location.host}/bridge`)
}
