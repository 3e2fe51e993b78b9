import type { Duplex } from 'node:stream'

import type Docker from 'dockerode'

import {
  BerthError,
  defaultShells,
  type ExecQuery,
  type TerminalEvent,
  type TerminalSize,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { toBerthError } from '../ipc/errors'
import type { Logger } from '../log/logger'
import { classifyExecFailure, execFailureError, type ExecFailureKind } from './exec-failure'
import { reapExec } from './process-reaper'
import { runningContainer } from './running-container'
import { TerminalOutput } from './terminal-output'
import type { TerminalSession } from './terminal-session'

export interface ExecSessionOptions {
  engine: EngineConnection
  query: ExecQuery
  emit: (event: TerminalEvent) => void
  end: (error?: BerthError) => void
  log: Logger
}

/** How long a program may take to start before its output is shown anyway. */
const startTimeoutMs = 5000
const startPollMs = 5

interface Started {
  exec: Docker.Exec
  socket: Duplex
  /** Output while the start is not yet confirmed. */
  held: Buffer[]
  ended: boolean
  onData: (chunk: Buffer) => void
  onGone: () => void
}
type Attempt = { ok: true; started: Started } | { ok: false; kind: ExecFailureKind; output: string }

/**
 * A program on a TTY in a running container: a shell unless the user named a
 * command. The exec is created with the terminal's size and resized on every
 * change. Until the engine reports the program running, its output is held
 * back: a program that cannot start ends at once with the engine's reason as
 * its only output, which becomes a clear error, or, for the default shell,
 * a try of the next one (bash, then sh).
 */
export class ExecSession implements TerminalSession {
  private readonly output: TerminalOutput
  private exec: Docker.Exec | undefined
  private socket: Duplex | undefined
  private containerId = ''
  private size: TerminalSize
  private queuedInput: string[] = []
  private stopped = false

  constructor(private readonly options: ExecSessionOptions) {
    this.output = new TerminalOutput(options.emit)
    this.size = { cols: options.query.cols, rows: options.query.rows }
  }

  start(): void {
    this.run().catch((error: unknown) => this.finish(toBerthError(error)))
  }

  input(data: string): void {
    if (this.stopped) return
    if (this.socket) this.socket.write(data)
    else this.queuedInput.push(data)
  }

  resize(size: TerminalSize): void {
    this.size = size
    if (this.exec && !this.stopped) {
      this.exec.resize({ h: size.rows, w: size.cols }).catch((error: unknown) => {
        this.options.log.debug('resizing an exec failed', { error })
      })
    }
  }

  ack(seq: number): void {
    this.output.ack(seq)
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.output.dispose()
    this.socket?.destroy()
    const exec = this.exec
    if (!exec) return
    const docker = this.options.engine.current.kind === 'connected' ? this.docker() : undefined
    if (!docker) return
    reapExec(docker, exec, this.containerId, this.options.log).catch((error: unknown) => {
      this.options.log.warn('ending an exec after its session failed', { error })
    })
  }

  private docker(): Docker {
    return this.options.engine.client
  }

  private async run(): Promise<void> {
    const { query } = this.options
    const docker = this.docker()
    const container = await runningContainer(docker, query.container)
    this.containerId = container.id
    const candidates = query.command ? [query.command] : defaultShells

    let failure: Extract<Attempt, { ok: false }> | undefined
    for (const command of candidates) {
      if (this.stopped) return
      const attempt = await this.attempt(docker, command)
      // Closed while starting: stop() has already ended what was started.
      if (this.stopped) return
      if (attempt.ok) {
        this.live(command, attempt.started)
        return
      }
      failure = attempt
      if (attempt.kind !== 'missing-program' || query.command) break
    }
    if (this.stopped || !failure) return

    if (!query.command && failure.kind === 'missing-program') {
      throw new BerthError({
        code: 'not-found',
        message: `Neither bash nor sh was found in ${container.name}. Name a command it has.`,
      })
    }
    const command = query.command ?? defaultShells[defaultShells.length - 1]!
    throw execFailureError(
      failure.kind,
      { ...query, command, container: container.name },
      failure.output,
    )
  }

  private async attempt(docker: Docker, command: string[]): Promise<Attempt> {
    const { query } = this.options
    const exec = await docker.getContainer(this.containerId).exec({
      Cmd: command,
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Env: ['TERM=xterm-256color'],
      // Honoured by engines of API 1.42 and later; older ones get a resize once started.
      ConsoleSize: [this.size.rows, this.size.cols],
      ...(query.user ? { User: query.user } : {}),
      ...(query.workingDir ? { WorkingDir: query.workingDir } : {}),
    })
    const socket = await exec.start({ hijack: true, stdin: true, Tty: true })
    const started: Started = {
      exec,
      socket,
      held: [],
      ended: false,
      onData: (chunk) => started.held.push(chunk),
      onGone: () => {},
    }
    const gone = (): void => {
      if (started.ended) return
      started.ended = true
      started.onGone()
    }
    socket.on('data', (chunk: Buffer) => started.onData(chunk))
    socket.once('end', gone)
    socket.once('close', gone)
    socket.on('error', gone)
    this.socket = socket
    this.exec = exec

    const deadline = Date.now() + startTimeoutMs
    for (;;) {
      const state = await exec.inspect()
      if (state.Pid > 0 && state.Running) {
        // Only now: the engine holds a resize of an exec that is still
        // starting for up to ten seconds, and fails it if the start fails.
        await exec.resize({ h: this.size.rows, w: this.size.cols }).catch(() => undefined)
        return { ok: true, started }
      }
      if (!state.Running && state.ExitCode !== null) {
        await settled(started)
        const output = Buffer.concat(started.held).toString('utf8')
        const kind = classifyExecFailure(state.ExitCode, output)
        if (!kind) return { ok: true, started }
        socket.destroy()
        this.socket = undefined
        this.exec = undefined
        return { ok: false, kind, output }
      }
      if (Date.now() > deadline || this.stopped) return { ok: true, started }
      await new Promise((resolve) => setTimeout(resolve, startPollMs))
    }
  }

  /** From here on output flows to the renderer and input to the program. */
  private live(command: string[], started: Started): void {
    const { socket } = started
    this.options.emit({ type: 'ready', command, tty: true, stdin: true })
    for (const chunk of started.held) this.output.push(chunk)
    started.held = []
    started.onData = (chunk) => this.output.push(chunk)
    started.onGone = () => void this.ended()
    this.output.readFrom(socket)
    for (const data of this.queuedInput.splice(0)) socket.write(data)
    if (started.ended) void this.ended()
  }

  private async ended(): Promise<void> {
    if (this.stopped) return
    this.output.end()
    const exec = this.exec
    let exitCode: number | null = null
    let reason: 'exited' | 'container-stopped' | 'disconnected' = 'exited'
    try {
      if (exec) exitCode = (await exec.inspect()).ExitCode
      if (await this.containerStopping(exitCode)) reason = 'container-stopped'
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      reason = status === 404 ? 'container-stopped' : 'disconnected'
    }
    if (this.stopped) return
    this.options.emit({ type: 'ended', reason, exitCode })
    this.finish()
  }

  /**
   * Whether the container stopped under the program. A program killed by a
   * signal may end a moment before the engine shows its container stopped,
   * so such an end is looked at a few times before it counts as the
   * program's own.
   */
  private async containerStopping(exitCode: number | null): Promise<boolean> {
    const signalled = exitCode === null || exitCode >= 128
    for (let look = 0; look < (signalled ? 10 : 1); look++) {
      const container = await this.docker().getContainer(this.containerId).inspect()
      if (!container.State.Running) return true
      if (signalled) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return false
  }

  private finish(error?: BerthError): void {
    if (this.stopped) return
    this.stop()
    this.options.end(error)
  }
}

/** Waits for a socket that is ending to hand over its last bytes. */
function settled(started: Started): Promise<void> {
  if (started.ended) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 500)
    started.socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
