import type { StreamMessage } from '../../src-preload/contract'
import type { Peer } from '../../src-main/ipc/router'

let nextPeer = 1

/** A renderer stand-in that keeps every stream message it is sent, in order. */
export class RecordingPeer implements Peer {
  readonly id = `test-peer-${nextPeer++}`
  readonly messages: StreamMessage[] = []

  send(message: StreamMessage): void {
    this.messages.push(message)
  }

  /** The events of one stream, in the order they came. */
  events<T = unknown>(streamId: string): T[] {
    return this.messages.flatMap((m) =>
      m.streamId === streamId && 'event' in m ? [m.event as T] : [],
    )
  }

  /** Whether the stream was ended from the main side. */
  ended(streamId: string): boolean {
    return this.messages.some((m) => m.streamId === streamId && 'end' in m)
  }
}
