import { readFile } from 'node:fs/promises'

import type { LogEvent, LogSource } from '../../src-preload/contract'

export interface ReceivedLine {
  source: LogSource
  text: string
  continued: boolean
}

/** The lines of a log stream's batches, in order, each with its source. */
export function linesOf(events: LogEvent[]): ReceivedLine[] {
  const lines: ReceivedLine[] = []
  for (const event of events) {
    if (event.type !== 'lines') continue
    const continued = new Set(event.continued ?? [])
    let index = 0
    for (const run of event.runs) {
      for (let i = 0; i < run.count; i++, index++) {
        lines.push({
          source: run.source,
          text: event.lines[index]!,
          continued: continued.has(index),
        })
      }
    }
  }
  return lines
}

/**
 * How many connections the engine has accepted on its unix socket and not
 * yet closed, as the kernel counts them: the engine's side of every open
 * stream, whatever the client believes.
 */
export async function engineConnections(host: string): Promise<number> {
  const path = new URL(host).pathname
  const table = await readFile('/proc/net/unix', 'utf8')
  let count = 0
  for (const row of table.split('\n').slice(1)) {
    const fields = row.trim().split(/\s+/)
    // Fields: Num RefCount Protocol Flags Type St Inode Path; St 03 is connected.
    if (fields[7] === path && fields[5] === '03') count++
  }
  return count
}
