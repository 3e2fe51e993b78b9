import { BerthError } from '../../src-preload/contract'
import type { Peer, StreamContext } from './router'

/**
 * Objects that live as long as one open stream, found again by the requests
 * addressed to that stream (input, resize, acknowledgements). A peer reaches
 * only its own streams: the key holds the peer's id, not just the stream's.
 */
export class StreamSessions<T> {
  private readonly sessions = new Map<string, T>()

  constructor(private readonly kind: string) {}

  /** Registers a session and returns its removal. */
  add(context: StreamContext, session: T): () => void {
    const key = keyOf(context.peer, context.streamId)
    this.sessions.set(key, session)
    return () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key)
    }
  }

  /** The peer's session on that stream; a not-found error when it has none open. */
  get(peer: Peer, streamId: string): T {
    const session = this.sessions.get(keyOf(peer, streamId))
    if (session === undefined) {
      throw new BerthError({
        code: 'not-found',
        message: `There is no open ${this.kind} on stream ${streamId}.`,
      })
    }
    return session
  }

  get size(): number {
    return this.sessions.size
  }
}

function keyOf(peer: Peer, streamId: string): string {
  return `${peer.id}\n${streamId}`
}
