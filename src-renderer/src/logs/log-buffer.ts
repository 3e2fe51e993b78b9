import type { LogEvent } from '../../../src-preload/contract'

/** What a row of the log view shows: a line from one source, or a note of Berth's own. */
export type LogLineKind = 'stdout' | 'stderr' | 'stopped' | 'started'

export interface LogLine {
  /** Numbers every line ever added, oldest first; lines dropped keep theirs. */
  seq: number
  kind: LogLineKind
  /** The line as the container wrote it, ANSI codes included; for notes, their detail. */
  text: string
  /** A piece of a long line that goes on in the next row. */
  continued: boolean
}

/** Scrollback choices offered to the user, in lines. */
export const scrollbackChoices = [1_000, 10_000, 50_000, 100_000, 500_000] as const
export const defaultScrollback = 10_000

/**
 * The lines a log view keeps: a ring of at most `capacity` lines. Adding to
 * a full ring drops the oldest, so following a chatty container for an hour
 * costs no more memory than its last `capacity` lines.
 */
export class LogBuffer {
  private ring: Array<LogLine | undefined>
  private head = 0
  private count = 0
  private nextSeq = 1

  constructor(private capacityLimit: number = defaultScrollback) {
    this.ring = new Array<LogLine | undefined>(capacityLimit)
  }

  get length(): number {
    return this.count
  }

  get capacity(): number {
    return this.capacityLimit
  }

  /** The seq of the oldest line kept; the next seq to come when empty. */
  get firstSeq(): number {
    return this.nextSeq - this.count
  }

  get lastSeq(): number {
    return this.nextSeq - 1
  }

  /** How many lines were ever added, dropped ones included. */
  get total(): number {
    return this.nextSeq - 1
  }

  /** The line at an index, 0 being the oldest kept. */
  at(index: number): LogLine | undefined {
    if (index < 0 || index >= this.count) return undefined
    return this.ring[(this.head + index) % this.capacityLimit]
  }

  /** The line with a seq, while it is kept. */
  bySeq(seq: number): LogLine | undefined {
    return this.at(seq - this.firstSeq)
  }

  add(kind: LogLineKind, text: string, continued = false): LogLine {
    const line: LogLine = { seq: this.nextSeq++, kind, text, continued }
    if (this.count < this.capacityLimit) {
      this.ring[(this.head + this.count) % this.capacityLimit] = line
      this.count++
    } else {
      this.ring[this.head] = line
      this.head = (this.head + 1) % this.capacityLimit
    }
    return line
  }

  /** Adds a batch of the `logs.follow` stream; returns the lines added, in order. */
  addBatch(event: Extract<LogEvent, { type: 'lines' }>): LogLine[] {
    const added: LogLine[] = []
    const continued = event.continued ? new Set(event.continued) : undefined
    let index = 0
    for (const run of event.runs) {
      for (let i = 0; i < run.count; i++, index++) {
        const text = event.lines[index]
        if (text === undefined) return added
        added.push(this.add(run.source, text, continued?.has(index) ?? false))
      }
    }
    return added
  }

  /** Keeps the newest lines that fit a new capacity. */
  resize(capacity: number): void {
    const kept: LogLine[] = []
    for (let i = Math.max(0, this.count - capacity); i < this.count; i++) kept.push(this.at(i)!)
    this.capacityLimit = capacity
    this.ring = new Array<LogLine | undefined>(capacity)
    kept.forEach((line, i) => (this.ring[i] = line))
    this.head = 0
    this.count = kept.length
  }

  clear(): void {
    this.ring = new Array<LogLine | undefined>(this.capacityLimit)
    this.head = 0
    this.count = 0
  }
}
