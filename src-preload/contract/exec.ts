/** A terminal's size in character cells. */
export interface TerminalSize {
  cols: number
  rows: number
}

/** A program to run in a running container, on a terminal of the given size. */
export interface ExecQuery extends TerminalSize {
  container: string
  /** The program and its arguments; a shell when absent: bash, else sh. */
  command?: string[]
  /** A user name or uid, with an optional group: `user`, `1000`, `1000:1000`. */
  user?: string
  /** The folder to start in; the image's working folder when absent. */
  workingDir?: string
}

/** The container's main process, attached to. */
export interface AttachQuery extends TerminalSize {
  container: string
}

/** Why a terminal session ended. */
export type TerminalEndReason =
  /** The program ran to its end. */
  | 'exited'
  /** The container stopped under it. */
  | 'container-stopped'
  /** The engine went away or dropped the connection. */
  | 'disconnected'

/**
 * Events of a terminal session. Output is text: the main process decodes the
 * program's bytes as UTF-8 across chunk boundaries. Output is numbered and
 * acknowledged (`exec.ack`) once painted; reading from the engine pauses
 * while too much is unacknowledged, so `yes` in a terminal cannot flood it.
 */
export type TerminalEvent =
  | {
      type: 'ready'
      /** What runs: the shell that was found, or the command given. */
      command: string[]
      tty: boolean
      /** Whether input reaches the program (an attach to a container without stdin: no). */
      stdin: boolean
    }
  | { type: 'output'; seq: number; data: string }
  | { type: 'ended'; reason: TerminalEndReason; exitCode: number | null }

export interface ExecRequests {
  /** Sends keystrokes or pasted text to a session's program. */
  'exec.input': { args: { streamId: string; data: string }; result: null }
  'exec.resize': { args: { streamId: string } & TerminalSize; result: null }
  /** Acknowledges a session's output up to `seq`. */
  'exec.ack': { args: { streamId: string; seq: number }; result: null }
}

export interface ExecStreams {
  /** A new program in the container; closing the stream ends it. */
  'exec.shell': { args: ExecQuery; event: TerminalEvent }
  /** The container's main process; closing the stream detaches and leaves it running. */
  'exec.attach': { args: AttachQuery; event: TerminalEvent }
}

export const execRequestNames = {
  'exec.input': true,
  'exec.resize': true,
  'exec.ack': true,
} as const satisfies Record<keyof ExecRequests, true>

export const execStreamNames = {
  'exec.shell': true,
  'exec.attach': true,
} as const satisfies Record<keyof ExecStreams, true>

/** The shells tried, in order, when no command is given. */
export const defaultShells: readonly string[][] = [['bash'], ['sh']]
