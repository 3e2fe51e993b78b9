import type {
  BerthBridge,
  BerthErrorData,
  Envelope,
  StreamMessage,
} from '../../../src-preload/contract'

/** A bridge whose answers the test decides, and which records what it was asked. */
export class FakeBridge implements BerthBridge {
  readonly calls: Array<{ method: string; args: unknown }> = []
  readonly opened: Array<{ streamId: string; name: string; args: unknown }> = []
  readonly closed: string[] = []
  answer: (method: string, args: unknown) => Envelope<unknown> = () => ({ ok: true, value: null })
  private receiver: ((message: StreamMessage) => void) | undefined

  invoke(method: string, args: unknown): Promise<Envelope<unknown>> {
    this.calls.push({ method, args })
    return Promise.resolve(this.answer(method, args))
  }

  openStream(streamId: string, name: string, args: unknown): Promise<Envelope<null>> {
    this.opened.push({ streamId, name, args })
    return Promise.resolve({ ok: true, value: null })
  }

  closeStream(streamId: string): void {
    this.closed.push(streamId)
  }

  onStreamMessage(listener: (message: StreamMessage) => void): () => void {
    this.receiver = listener
    return () => (this.receiver = undefined)
  }

  /** Pushes an event on the most recently opened stream of that name. */
  push(name: string, event: unknown): void {
    const stream = [...this.opened].reverse().find((s) => s.name === name)
    if (!stream) throw new Error(`no open stream named ${name}`)
    this.receiver?.({ streamId: stream.streamId, event })
  }

  /** Ends the most recently opened stream of that name, failed when an error is given. */
  end(name: string, error?: BerthErrorData): void {
    const stream = [...this.opened].reverse().find((s) => s.name === name)
    if (!stream) throw new Error(`no open stream named ${name}`)
    this.receiver?.({ streamId: stream.streamId, end: true, ...(error ? { error } : {}) })
  }
}
