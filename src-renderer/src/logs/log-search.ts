import { plainText } from './ansi'
import type { LogLine } from './log-buffer'

export interface SearchOptions {
  caseSensitive: boolean
  regex: boolean
}

/** The most matches marked in one line; a pattern that matches everywhere stays cheap. */
const maxRangesPerLine = 200

/**
 * A search as the user typed it, turned into a test for lines and the ranges
 * to highlight in them. An invalid regular expression matches nothing and
 * says why.
 */
export class LineMatcher {
  readonly error: string | undefined
  private readonly pattern: RegExp | undefined

  constructor(
    readonly query: string,
    readonly options: SearchOptions = { caseSensitive: false, regex: false },
  ) {
    if (!query) {
      this.error = undefined
      return
    }
    const source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    try {
      this.pattern = new RegExp(source, options.caseSensitive ? 'g' : 'gi')
      this.error = undefined
    } catch (error) {
      this.error = (error as Error).message
    }
  }

  /** Whether there is anything to look for. */
  get active(): boolean {
    return this.pattern !== undefined
  }

  test(line: LogLine): boolean {
    if (!this.pattern || line.kind === 'stopped' || line.kind === 'started') return false
    this.pattern.lastIndex = 0
    return this.pattern.test(plainText(line.text))
  }

  /** Where the query matches in a line's plain text, as [start, end) offsets. */
  ranges(line: LogLine): Array<[number, number]> {
    if (!this.pattern || line.kind === 'stopped' || line.kind === 'started') return []
    const text = plainText(line.text)
    const ranges: Array<[number, number]> = []
    this.pattern.lastIndex = 0
    for (let m = this.pattern.exec(text); m; m = this.pattern.exec(text)) {
      if (m[0].length === 0) {
        this.pattern.lastIndex++
        continue
      }
      ranges.push([m.index, m.index + m[0].length])
      if (ranges.length >= maxRangesPerLine) break
    }
    return ranges
  }
}

/**
 * The seqs of the lines that match, oldest first, kept in step with a
 * buffer that drops its oldest lines: new matches are appended, dropped
 * ones are cut from the front without copying the rest each time.
 */
export class MatchList {
  private seqs: number[] = []
  private start = 0

  get length(): number {
    return this.seqs.length - this.start
  }

  at(index: number): number | undefined {
    return index < 0 ? undefined : this.seqs[this.start + index]
  }

  add(seq: number): void {
    this.seqs.push(seq)
  }

  /** Forgets matches older than `seq`. */
  dropBefore(seq: number): void {
    while (this.start < this.seqs.length && this.seqs[this.start]! < seq) this.start++
    if (this.start > 4096 && this.start * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.start)
      this.start = 0
    }
  }

  /** The index of the first match at or after `seq`; `length` when there is none. */
  indexAtOrAfter(seq: number): number {
    let low = this.start
    let high = this.seqs.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.seqs[mid]! < seq) low = mid + 1
      else high = mid
    }
    return low - this.start
  }

  clear(): void {
    this.seqs = []
    this.start = 0
  }
}
