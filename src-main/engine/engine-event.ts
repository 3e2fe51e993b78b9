/**
 * An event from the engine's `/events` stream. Newer engines dropped the old
 * top-level `status`, `id` and `from` fields; only these are relied on.
 */
export interface EngineEvent {
  Type: string
  Action: string
  Actor: { ID: string; Attributes?: Record<string, string> }
  time?: number
  timeNano?: number
}

export function isEngineEvent(value: unknown): value is EngineEvent {
  if (typeof value !== 'object' || value === null) return false
  const { Type, Action, Actor } = value as Record<string, unknown>
  return (
    typeof Type === 'string' &&
    typeof Action === 'string' &&
    typeof Actor === 'object' &&
    Actor !== null &&
    typeof (Actor as Record<string, unknown>).ID === 'string'
  )
}

/** Splits a byte stream of newline-delimited JSON into events. */
export class EventLineParser {
  private rest = ''

  push(chunk: string, emit: (event: EngineEvent) => void): void {
    const lines = (this.rest + chunk).split('\n')
    this.rest = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      try {
        const value: unknown = JSON.parse(line)
        if (isEngineEvent(value)) emit(value)
      } catch {
        // A malformed line is skipped; the next one is independent of it.
      }
    }
  }
}
