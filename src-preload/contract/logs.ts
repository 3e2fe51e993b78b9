/** Which of a container's output streams a line came from. */
export type LogSource = 'stdout' | 'stderr'

/** What part of a container's log to read, as `docker logs` takes it. */
export interface LogQuery {
  /** The container's id or name. */
  container: string
  /** Lines from the end to start with; the whole log when absent. */
  tail?: number
  /** Keep the stream open for new lines, across restarts of the container. */
  follow: boolean
  /** Prefix each line with the engine's RFC 3339 timestamp and a space. */
  timestamps: boolean
  /** Only lines logged at or after this time, in Unix seconds. */
  since?: number
  /** Only lines logged before this time, in Unix seconds. */
  until?: number
}

/** A stretch of consecutive lines of a batch that came from one source. */
export interface LogRun {
  source: LogSource
  count: number
}

/**
 * Events of a followed log. Lines come in batches of many, each numbered;
 * the renderer acknowledges a batch once it has taken it in (`logs.ack`), and
 * the main process stops reading from the engine while too many batches are
 * unacknowledged, so a fast writer cannot flood a slow view.
 */
export type LogEvent =
  | {
      type: 'lines'
      seq: number
      lines: string[]
      /** Sources of `lines` in order; their counts add up to `lines.length`. */
      runs: LogRun[]
      /**
       * Indexes into `lines` of pieces of a line too long to carry whole; each
       * continues on the line after it.
       */
      continued?: number[]
    }
  /** The followed container stopped; the stream waits for it to start again. */
  | { type: 'stopped'; exitCode: number | null; at: string }
  /** The followed container started again; the lines after this are its new run's. */
  | { type: 'started'; at: string }

/** What to write to a file: the full log as the engine has it, not the view's buffer. */
export interface LogSaveQuery {
  container: string
  timestamps: boolean
  since?: number
  until?: number
}

/**
 * Progress of saving a log. Inside the desktop app the user picks a file in a
 * save dialog and the main process writes the engine's log straight into it.
 * A browser cannot be handed a file path, so the web server answers with an
 * address that streams the same log as a download instead.
 */
export type LogSaveEvent =
  | { type: 'download'; url: string }
  | { type: 'progress'; path: string; bytes: number }
  | { type: 'done'; path: string; bytes: number }
  | { type: 'cancelled' }

export interface LogRequests {
  /** Acknowledges every batch of a `logs.follow` stream up to `seq`. */
  'logs.ack': { args: { streamId: string; seq: number }; result: null }
}

export interface LogStreams {
  'logs.follow': { args: LogQuery; event: LogEvent }
  'logs.save': { args: LogSaveQuery; event: LogSaveEvent }
}

export const logRequestNames = {
  'logs.ack': true,
} as const satisfies Record<keyof LogRequests, true>

export const logStreamNames = {
  'logs.follow': true,
  'logs.save': true,
} as const satisfies Record<keyof LogStreams, true>

/** The tail a log view starts with unless the user asks for more. */
export const defaultLogTail = 1000
