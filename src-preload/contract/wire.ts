import type { BerthErrorData } from './errors'

/** How a request's outcome crosses a transport: never as a thrown error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BerthErrorData }

/** Messages the main process pushes for open streams. */
export type StreamMessage =
  { streamId: string; event: unknown } | { streamId: string; end: true; error?: BerthErrorData }

/**
 * What the preload script exposes as `window.berth`, and what the WebSocket
 * bridge speaks: the same four operations, untyped at this level. The
 * renderer's client adds the contract's types on top.
 */
export interface BerthBridge {
  invoke(method: string, args: unknown): Promise<Envelope<unknown>>
  openStream(streamId: string, name: string, args: unknown): Promise<Envelope<null>>
  closeStream(streamId: string): void
  /** Registers the one receiver of stream messages; returns its removal. */
  onStreamMessage(listener: (message: StreamMessage) => void): () => void
}

/** Frames of the WebSocket bridge. */
export type ClientFrame =
  | { kind: 'invoke'; seq: number; method: string; args: unknown }
  | { kind: 'open'; seq: number; streamId: string; name: string; args: unknown }
  | { kind: 'close'; streamId: string }

export type ServerFrame =
  { kind: 'reply'; seq: number; envelope: Envelope<unknown> } | ({ kind: 'stream' } & StreamMessage)

export const ipcChannels = {
  invoke: 'berth:invoke',
  open: 'berth:open',
  close: 'berth:close',
  stream: 'berth:stream',
} as const
