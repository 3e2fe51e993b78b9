import { StringDecoder } from 'node:string_decoder'

import type { TerminalEvent } from '../../src-preload/contract'
import { AckWindow } from '../ipc/ack-window'

/** Output messages that may be unacknowledged before reading from the engine pauses. */
const defaultWindow = 32

/**
 * A terminal's output on its way to the renderer: bytes decoded as UTF-8
 * (a character split between two chunks is kept whole), chunks that arrive
 * together sent as one message, and reading paused while the renderer has
 * too much it has not painted yet.
 */
export class TerminalOutput {
  private readonly decoder = new StringDecoder('utf8')
  private readonly window: AckWindow
  private pending = ''
  private scheduled: NodeJS.Immediate | undefined
  private source: { pause(): void; resume(): void } | undefined

  constructor(
    private readonly emit: (event: TerminalEvent) => void,
    limit = defaultWindow,
  ) {
    this.window = new AckWindow(limit, () => this.source?.resume())
  }

  /** The stream to pause and resume. */
  readFrom(source: { pause(): void; resume(): void }): void {
    this.source = source
  }

  push(bytes: Buffer): void {
    this.pending += this.decoder.write(bytes)
    this.scheduled ??= setImmediate(() => this.flush())
  }

  /** Sends what is pending now, and the rest of a character cut off at the end. */
  end(): void {
    this.pending += this.decoder.end()
    this.flush()
  }

  ack(seq: number): void {
    this.window.ack(seq)
  }

  dispose(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    this.pending = ''
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    if (!this.pending) return
    const data = this.pending
    this.pending = ''
    this.emit({ type: 'output', seq: this.window.next(), data })
    if (this.window.full) this.source?.pause()
  }
}
