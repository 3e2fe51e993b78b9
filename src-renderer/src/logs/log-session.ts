import { shallowRef, type ShallowRef } from 'vue'

import {
  BerthError,
  defaultLogTail,
  type LogEvent,
  type LogQuery,
  type LogSaveEvent,
} from '../../../src-preload/contract'
import type { BerthClient, StreamHandle } from '../api/client'
import { LogBuffer, defaultScrollback, type LogLine } from './log-buffer'
import { LineMatcher, MatchList, type SearchOptions } from './log-search'

/** What the user chose to read, as the toolbar shows it. */
export interface LogOptions {
  /** Lines from the end to start with; 'all' for the whole log. */
  tail: number | 'all'
  follow: boolean
  timestamps: boolean
  /** Unix seconds. */
  since?: number
  until?: number
}

export const defaultLogOptions: LogOptions = {
  tail: defaultLogTail,
  follow: true,
  timestamps: false,
}

/** The shortest time between two redraws of the view for incoming lines. */
const renderIntervalMs = 50

export type LogStatus = 'connecting' | 'following' | 'complete' | 'waiting' | 'failed'

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; path?: string; bytes: number }
  | { kind: 'done'; path: string; bytes: number }
  | { kind: 'download'; url: string }
  | { kind: 'failed'; message: string }

/** Runs a function once the page had a chance to paint, or soon if it does not paint. */
export type AfterPaint = (run: () => void) => void

export const afterPaint: AfterPaint = (run) => {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    run()
  }
  requestAnimationFrame(once)
  // A hidden window paints nothing; the log must not stall behind it.
  setTimeout(once, 100)
}

/**
 * One container's log as a view shows it: a bounded buffer fed by the
 * `logs.follow` stream, the search and filter over it, and a save in
 * progress. Each batch is acknowledged once the page could paint it, which
 * is what keeps a container writing at full speed from flooding the page.
 */
export class LogSession {
  readonly buffer: LogBuffer
  readonly matches = new MatchList()
  /** Bumped on every change; views read it to know when to look again. */
  readonly revision: ShallowRef<number> = shallowRef(0)
  readonly status: ShallowRef<LogStatus> = shallowRef('connecting')
  readonly error: ShallowRef<string | undefined> = shallowRef()
  readonly save: ShallowRef<SaveState> = shallowRef({ kind: 'idle' })
  options: LogOptions = { ...defaultLogOptions }
  matcher = new LineMatcher('')
  /** Show only the lines that match. */
  filtered = false
  private stream: StreamHandle | undefined
  private saving: StreamHandle | undefined
  private generation = 0
  private ackPending = false
  private renderTimer: ReturnType<typeof setTimeout> | undefined
  private renderedAt = 0
  private lastSeq = 0

  constructor(
    readonly containerId: string,
    private readonly client: BerthClient,
    scrollback: number = defaultScrollback,
    private readonly schedule: AfterPaint = afterPaint,
  ) {
    this.buffer = new LogBuffer(scrollback)
  }

  /** (Re)reads the log with these options, from an empty view. */
  async open(options: LogOptions = this.options): Promise<void> {
    this.close()
    this.options = { ...options }
    const generation = ++this.generation
    this.buffer.clear()
    this.matches.clear()
    this.lastSeq = 0
    this.status.value = 'connecting'
    this.error.value = undefined
    this.touch()

    const query: LogQuery = {
      container: this.containerId,
      follow: options.follow,
      timestamps: options.timestamps,
      ...(options.tail !== 'all' ? { tail: options.tail } : {}),
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
    }
    try {
      const stream = await this.client.open('logs.follow', query, {
        event: (event) => {
          if (generation === this.generation) this.apply(event)
        },
        end: (error) => {
          if (generation !== this.generation) return
          this.stream = undefined
          this.ended(error)
        },
      })
      if (generation !== this.generation) {
        stream.close()
        return
      }
      this.stream = stream
      // Batches that came before the stream's handle are acknowledged now.
      if (this.lastSeq > 0) this.scheduleAck()
    } catch (error) {
      if (generation === this.generation) this.ended(toBerthError(error))
    }
  }

  close(): void {
    clearTimeout(this.renderTimer)
    this.renderTimer = undefined
    this.generation++
    this.stream?.close()
    this.stream = undefined
  }

  dispose(): void {
    this.close()
    this.saving?.close()
    this.saving = undefined
  }

  setScrollback(lines: number): void {
    this.buffer.resize(lines)
    this.matches.dropBefore(this.buffer.firstSeq)
    this.touch()
  }

  search(query: string, options?: SearchOptions): void {
    this.matcher = new LineMatcher(query, options ?? this.matcher.options)
    this.matches.clear()
    if (this.matcher.active) {
      for (let i = 0; i < this.buffer.length; i++) {
        const line = this.buffer.at(i)!
        if (this.matcher.test(line)) this.matches.add(line.seq)
      }
    }
    this.touch()
  }

  setFiltered(filtered: boolean): void {
    this.filtered = filtered
    this.touch()
  }

  /** How many rows the view has: every kept line, or only the matches. */
  get rowCount(): number {
    return this.filtered && this.matcher.active ? this.matches.length : this.buffer.length
  }

  row(index: number): LogLine | undefined {
    if (this.filtered && this.matcher.active) {
      const seq = this.matches.at(index)
      return seq === undefined ? undefined : this.buffer.bySeq(seq)
    }
    return this.buffer.at(index)
  }

  /** The row that shows a line, or -1 when it is not shown. */
  rowOf(seq: number): number {
    if (this.filtered && this.matcher.active) {
      const index = this.matches.indexAtOrAfter(seq)
      return this.matches.at(index) === seq ? index : -1
    }
    const index = seq - this.buffer.firstSeq
    return index >= 0 && index < this.buffer.length ? index : -1
  }

  /** Saves the whole log as the engine has it, not what the view holds. */
  async saveAll(): Promise<void> {
    this.saving?.close()
    this.save.value = { kind: 'saving', bytes: 0 }
    try {
      this.saving = await this.client.open(
        'logs.save',
        {
          container: this.containerId,
          timestamps: this.options.timestamps,
          ...(this.options.since !== undefined ? { since: this.options.since } : {}),
          ...(this.options.until !== undefined ? { until: this.options.until } : {}),
        },
        {
          event: (event) => this.onSave(event),
          end: (error) => {
            this.saving = undefined
            if (error) this.save.value = { kind: 'failed', message: error.message }
            else if (this.save.value.kind === 'saving') this.save.value = { kind: 'idle' }
          },
        },
      )
    } catch (error) {
      this.save.value = { kind: 'failed', message: toBerthError(error).message }
    }
  }

  cancelSave(): void {
    this.saving?.close()
    this.saving = undefined
    this.save.value = { kind: 'idle' }
  }

  private onSave(event: LogSaveEvent): void {
    switch (event.type) {
      case 'download':
        this.save.value = { kind: 'download', url: event.url }
        break
      case 'progress':
        this.save.value = { kind: 'saving', path: event.path, bytes: event.bytes }
        break
      case 'done':
        this.save.value = { kind: 'done', path: event.path, bytes: event.bytes }
        break
      case 'cancelled':
        this.save.value = { kind: 'idle' }
        break
    }
  }

  private apply(event: LogEvent): void {
    switch (event.type) {
      case 'lines': {
        const added = this.buffer.addBatch(event)
        if (this.matcher.active) {
          for (const line of added) if (this.matcher.test(line)) this.matches.add(line.seq)
          this.matches.dropBefore(this.buffer.firstSeq)
        }
        this.lastSeq = event.seq
        this.scheduleAck()
        if (this.status.value === 'connecting' || this.status.value === 'waiting') {
          this.status.value = 'following'
        }
        break
      }
      case 'stopped':
        this.buffer.add('stopped', event.exitCode === null ? '' : String(event.exitCode))
        this.status.value = 'waiting'
        break
      case 'started':
        this.buffer.add('started', event.at)
        this.status.value = 'following'
        break
    }
    this.touchSoon()
  }

  private scheduleAck(): void {
    if (this.ackPending) return
    this.ackPending = true
    const generation = this.generation
    this.schedule(() => {
      this.ackPending = false
      const streamId = this.stream?.id
      if (generation !== this.generation || !streamId) return
      this.client.invoke('logs.ack', { streamId, seq: this.lastSeq }).catch(() => {
        // The stream ended meanwhile; its end says why.
      })
    })
  }

  private ended(error: BerthError | undefined): void {
    if (error) {
      this.status.value = 'failed'
      this.error.value = error.message
    } else {
      this.status.value = 'complete'
    }
    this.touch()
  }

  private touch(): void {
    clearTimeout(this.renderTimer)
    this.renderTimer = undefined
    this.renderedAt = performance.now()
    this.revision.value++
  }

  /**
   * New lines are shown at most every `renderIntervalMs`: a container that
   * writes as fast as it can would otherwise make the page lay out and paint
   * once per batch, and a page busy painting steals the processor from the
   * engine and the main process that are reading the log for it.
   */
  private touchSoon(): void {
    if (this.renderTimer !== undefined) return
    const wait = this.renderedAt + renderIntervalMs - performance.now()
    if (wait <= 0) this.touch()
    else this.renderTimer = setTimeout(() => this.touch(), wait)
  }
}

function toBerthError(error: unknown): BerthError {
  return error instanceof BerthError
    ? error
    : new BerthError({ code: 'internal', message: String(error) })
}
