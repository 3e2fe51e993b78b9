import type { LogRun, LogSource } from '../../src-preload/contract'

/** A batch of lines as the `lines` event carries it, less its sequence number. */
export interface LineBatch {
  lines: string[]
  runs: LogRun[]
  continued?: number[]
}

export interface BatcherLimits {
  /** Lines in a batch before it is sent at once. */
  maxLines: number
  /** Characters in a batch before it is sent at once. */
  maxChars: number
  /** How long a batch that is not full waits for more lines. */
  delayMs: number
}

export const defaultBatcherLimits: BatcherLimits = {
  maxLines: 20_000,
  maxChars: 2 * 1024 * 1024,
  delayMs: 16,
}

/**
 * Gathers lines into batches: one event per many lines, never one per line.
 * A full batch goes at once; a part-filled one after a short wait, so a quiet
 * container's lines still show promptly.
 */
export class LogBatcher {
  private lines: string[] = []
  private runs: LogRun[] = []
  private continued: number[] = []
  private chars = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly onBatch: (batch: LineBatch) => void,
    private readonly limits: BatcherLimits = defaultBatcherLimits,
  ) {}

  add(source: LogSource, line: string, continued: boolean): void {
    const run = this.runs[this.runs.length - 1]
    if (run && run.source === source) run.count += 1
    else this.runs.push({ source, count: 1 })
    if (continued) this.continued.push(this.lines.length)
    this.lines.push(line)
    this.chars += line.length

    if (this.lines.length >= this.limits.maxLines || this.chars >= this.limits.maxChars) {
      this.flush()
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.limits.delayMs)
    }
  }

  /** Sends what has gathered, if anything. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.lines.length === 0) return
    const batch: LineBatch = { lines: this.lines, runs: this.runs }
    if (this.continued.length > 0) batch.continued = this.continued
    this.lines = []
    this.runs = []
    this.continued = []
    this.chars = 0
    this.onBatch(batch)
  }

  /** Drops what has gathered without sending it. */
  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.lines = []
    this.runs = []
    this.continued = []
    this.chars = 0
  }
}
