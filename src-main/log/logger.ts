import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void
  info(message: string, context?: Record<string, unknown>): void
  warn(message: string, context?: Record<string, unknown>): void
  error(message: string, context?: Record<string, unknown>): void
  /** A logger that tags every line with an area, such as `engine` or `ipc`. */
  child(area: string): Logger
}

export interface LogSink {
  write(line: string, level: LogLevel): void
}

/** Appends lines to a file, creating its folder on first use. */
export function fileSink(path: string): LogSink {
  let ready = false
  return {
    write(line) {
      try {
        if (!ready) {
          mkdirSync(dirname(path), { recursive: true })
          ready = true
        }
        appendFileSync(path, line + '\n')
      } catch {
        // A full or read-only disk must not take the app down with it.
      }
    },
  }
}

export function consoleSink(): LogSink {
  return {
    write(line, level) {
      const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout
      stream.write(line + '\n')
    },
  }
}

export function createLogger(options: {
  level: LogLevel
  sinks: LogSink[]
  area?: string
}): Logger {
  const threshold = levelRank[options.level]

  const make = (area: string): Logger => {
    const log = (level: LogLevel, message: string, context?: Record<string, unknown>): void => {
      if (levelRank[level] < threshold) return
      const tail = context ? ' ' + safeJson(context) : ''
      const stamp = new Date().toISOString()
      const line = `${stamp} ${level.toUpperCase().padEnd(5)} [${area}] ${message}${tail}`
      for (const sink of options.sinks) sink.write(line, level)
    }
    return {
      debug: (m, c) => log('debug', m, c),
      info: (m, c) => log('info', m, c),
      warn: (m, c) => log('warn', m, c),
      error: (m, c) => log('error', m, c),
      child: (sub) => make(`${area}:${sub}`),
    }
  }

  return make(options.area ?? 'berth')
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: 'error', sinks: [] })

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? v.message : v))
  } catch {
    return '[unserializable]'
  }
}
