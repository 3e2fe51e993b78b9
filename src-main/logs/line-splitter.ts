import { StringDecoder } from 'node:string_decoder'

/** The longest piece of a line carried whole; longer lines are cut into pieces this long. */
export const maxLineLength = 32 * 1024

/**
 * Turns one source's bytes into lines. Bytes are decoded as UTF-8 across
 * chunk boundaries, a trailing `\r` of a `\r\n` is dropped, and a line longer
 * than `maxLength` is handed on in pieces, each but the last marked as
 * continuing, so a 10 MB line costs no more than many short ones.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private rest = ''

  constructor(
    private readonly onLine: (line: string, continued: boolean) => void,
    private readonly maxLength = maxLineLength,
  ) {}

  push(bytes: Buffer): void {
    this.take(this.decoder.write(bytes))
  }

  /** Hands on what is left when the source ends: a last line without a newline. */
  end(): void {
    this.take(this.decoder.end())
    if (this.rest) this.onLine(this.rest, false)
    this.rest = ''
  }

  private take(text: string): void {
    if (!text) return
    let start = 0
    let newline = text.indexOf('\n')
    if (this.rest && newline !== -1) {
      this.line(this.rest + text.slice(0, newline))
      this.rest = ''
      start = newline + 1
      newline = text.indexOf('\n', start)
    }
    while (newline !== -1) {
      this.line(text.slice(start, newline))
      start = newline + 1
      newline = text.indexOf('\n', start)
    }
    if (start < text.length) {
      this.rest = this.rest ? this.rest + text.slice(start) : text.slice(start)
      while (this.rest.length > this.maxLength) {
        this.onLine(this.rest.slice(0, this.maxLength), true)
        this.rest = this.rest.slice(this.maxLength)
      }
    }
  }

  private line(text: string): void {
    let line = text.endsWith('\r') ? text.slice(0, -1) : text
    while (line.length > this.maxLength) {
      this.onLine(line.slice(0, this.maxLength), true)
      line = line.slice(this.maxLength)
    }
    this.onLine(line, false)
  }
}
