import { shallowRef, type ShallowRef } from 'vue'

import {
  BerthError,
  type TerminalEndReason,
  type TerminalEvent,
} from '../../../src-preload/contract'
import type { BerthClient, StreamHandle } from '../api/client'

/** What a terminal session needs of a terminal emulator; xterm.js in the app. */
export interface TerminalScreen {
  readonly cols: number
  readonly rows: number
  write(data: string, painted: () => void): void
  onData(listener: (data: string) => void): void
  onResize(listener: (size: { cols: number; rows: number }) => void): void
  /** Output of a program without a TTY has bare newlines. */
  setPlainOutput(plain: boolean): void
  setInputEnabled(enabled: boolean): void
}

export type TerminalKind = 'shell' | 'attach'

export interface TerminalRequest {
  kind: TerminalKind
  container: string
  command?: string[]
  user?: string
  workingDir?: string
}

export type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'ready'; command: string[] }
  | { kind: 'ended'; reason: TerminalEndReason; exitCode: number | null }
  | { kind: 'failed'; message: string }

/** The largest piece of input sent in one request; a long paste goes in order, in pieces. */
const inputChunk = 64 * 1024
const resizeDelayMs = 60

let counter = 0

/**
 * One terminal tab: its screen, and the session behind it. The screen lives
 * as long as the tab, so its scrollback survives a reconnect and a visit to
 * other pages; the session ends with the program, the container, or a
 * close, and can be started again on the same screen.
 */
export class TerminalSession {
  readonly id = `t${++counter}`
  readonly status: ShallowRef<TerminalStatus> = shallowRef({ kind: 'connecting' })
  private stream: StreamHandle | undefined
  private generation = 0
  private paintedSeq = 0
  private ackQueued = false
  private resizeTimer: ReturnType<typeof setTimeout> | undefined
  private pendingSize: { cols: number; rows: number } | undefined
  private inputQueue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly request: TerminalRequest,
    readonly screen: TerminalScreen,
    private readonly client: BerthClient,
  ) {
    screen.onData((data) => this.send(data))
    screen.onResize((size) => this.resized(size))
  }

  get live(): boolean {
    return this.stream !== undefined
  }

  /** Whether the program ended or could not start. */
  get over(): boolean {
    const { kind } = this.status.value
    return kind === 'ended' || kind === 'failed'
  }

  /** Starts the program (or attaches), sized as the screen is now. */
  async connect(): Promise<void> {
    this.stream?.close()
    this.stream = undefined
    const generation = ++this.generation
    this.paintedSeq = 0
    this.status.value = { kind: 'connecting' }
    const { request, screen } = this
    const size = { cols: screen.cols, rows: screen.rows }
    const callbacks = {
      event: (event: TerminalEvent) => {
        if (generation === this.generation) this.apply(event)
      },
      end: (error?: BerthError) => {
        if (generation !== this.generation) return
        this.stream = undefined
        if (error) this.status.value = { kind: 'failed', message: error.message }
        else if (this.status.value.kind !== 'ended') {
          this.status.value = { kind: 'ended', reason: 'disconnected', exitCode: null }
        }
      },
    }
    try {
      const stream =
        request.kind === 'attach'
          ? await this.client.open(
              'exec.attach',
              { container: request.container, ...size },
              callbacks,
            )
          : await this.client.open(
              'exec.shell',
              {
                container: request.container,
                ...size,
                ...(request.command ? { command: request.command } : {}),
                ...(request.user ? { user: request.user } : {}),
                ...(request.workingDir ? { workingDir: request.workingDir } : {}),
              },
              callbacks,
            )
      // A session that ended before its handle came back is over already.
      if (generation !== this.generation || this.over) stream.close()
      else this.stream = stream
    } catch (error) {
      if (generation !== this.generation) return
      const message = error instanceof BerthError ? error.message : String(error)
      this.status.value = { kind: 'failed', message }
    }
  }

  /** Ends the program (or detaches); the screen stays for a reconnect. */
  disconnect(): void {
    this.generation++
    this.stream?.close()
    this.stream = undefined
    clearTimeout(this.resizeTimer)
  }

  /** Sends text as typed or pasted; pieces of a long paste keep their order. */
  send(data: string): void {
    const streamId = this.stream?.id
    if (!streamId || !data) return
    // A resize still waiting goes first: what is typed now expects the new size.
    if (this.pendingSize) this.flushResize()
    for (let offset = 0; offset < data.length; offset += inputChunk) {
      const piece = data.slice(offset, offset + inputChunk)
      this.enqueue(() => this.client.invoke('exec.input', { streamId, data: piece }))
    }
  }

  /** Requests that must reach the program in order: input and resizes. */
  private enqueue(request: () => Promise<unknown>): void {
    this.inputQueue = this.inputQueue.then(request).catch(() => {
      // The session ended; its end event says so.
    })
  }

  private apply(event: TerminalEvent): void {
    switch (event.type) {
      case 'ready':
        this.status.value = { kind: 'ready', command: event.command }
        this.screen.setPlainOutput(!event.tty)
        this.screen.setInputEnabled(event.stdin)
        break
      case 'output':
        this.screen.write(event.data, () => this.painted(event.seq))
        break
      case 'ended':
        this.status.value = { kind: 'ended', reason: event.reason, exitCode: event.exitCode }
        break
    }
  }

  private painted(seq: number): void {
    this.paintedSeq = Math.max(this.paintedSeq, seq)
    if (this.ackQueued) return
    this.ackQueued = true
    queueMicrotask(() => {
      this.ackQueued = false
      const streamId = this.stream?.id
      if (!streamId) return
      this.client.invoke('exec.ack', { streamId, seq: this.paintedSeq }).catch(() => {})
    })
  }

  /** Resizes come in bursts while a window is dragged; only the last one is sent. */
  private resized({ cols, rows }: { cols: number; rows: number }): void {
    this.pendingSize = { cols, rows }
    clearTimeout(this.resizeTimer)
    this.resizeTimer = setTimeout(() => this.flushResize(), resizeDelayMs)
  }

  private flushResize(): void {
    clearTimeout(this.resizeTimer)
    const size = this.pendingSize
    const streamId = this.stream?.id
    this.pendingSize = undefined
    if (!size || !streamId) return
    this.enqueue(() => this.client.invoke('exec.resize', { streamId, ...size }))
  }
}
