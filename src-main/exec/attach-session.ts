import type { Duplex } from 'node:stream'

import type Docker from 'dockerode'

import type {
  AttachQuery,
  BerthError,
  TerminalEvent,
  TerminalSize,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { toBerthError } from '../ipc/errors'
import type { Logger } from '../log/logger'
import { FrameDemuxer } from '../logs/frame-demuxer'
import { runningContainer } from './running-container'
import { TerminalOutput } from './terminal-output'
import type { TerminalSession } from './terminal-session'

export interface AttachSessionOptions {
  engine: EngineConnection
  query: AttachQuery
  emit: (event: TerminalEvent) => void
  end: (error?: BerthError) => void
  log: Logger
}

/**
 * Attached to a container's main process: its output, and its stdin when
 * the container keeps stdin open. Closing the session only detaches: the
 * connection is dropped without closing stdin, so the process runs on.
 */
export class AttachSession implements TerminalSession {
  private readonly output: TerminalOutput
  private socket: Duplex | undefined
  private container: Docker.Container | undefined
  private tty = false
  private stdin = false
  private stopped = false

  constructor(private readonly options: AttachSessionOptions) {
    this.output = new TerminalOutput(options.emit)
  }

  start(): void {
    this.run().catch((error: unknown) => this.finish(toBerthError(error)))
  }

  input(data: string): void {
    if (this.stdin && !this.stopped) this.socket?.write(data)
  }

  resize(size: TerminalSize): void {
    if (!this.tty || !this.container || this.stopped) return
    this.container.resize({ h: size.rows, w: size.cols }).catch((error: unknown) => {
      this.options.log.debug('resizing an attached container failed', { error })
    })
  }

  ack(seq: number): void {
    this.output.ack(seq)
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.output.dispose()
    this.socket?.destroy()
  }

  private async run(): Promise<void> {
    const { engine, query } = this.options
    const docker = engine.client
    const { id, info } = await runningContainer(docker, query.container)
    this.container = docker.getContainer(id)
    this.tty = info.Config.Tty
    this.stdin = info.Config.OpenStdin

    const socket = (await this.container.attach({
      stream: true,
      stdin: this.stdin,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as Duplex
    if (this.stopped) {
      socket.destroy()
      return
    }
    this.socket = socket
    this.output.readFrom(socket)
    this.resize({ cols: query.cols, rows: query.rows })

    const demuxer = this.tty ? undefined : new FrameDemuxer()
    socket.on('data', (chunk: Buffer) => {
      if (demuxer) demuxer.push(chunk, (_source, payload) => this.output.push(payload))
      else this.output.push(chunk)
    })
    const gone = (): void => void this.ended()
    socket.once('end', gone)
    socket.once('close', gone)
    socket.on('error', gone)
    this.options.emit({
      type: 'ready',
      command: info.Config.Cmd ?? [],
      tty: this.tty,
      stdin: this.stdin,
    })
  }

  private async ended(): Promise<void> {
    if (this.stopped) return
    this.output.end()
    let exitCode: number | null = null
    let reason: 'exited' | 'container-stopped' | 'disconnected' = 'disconnected'
    try {
      const state = (await this.container!.inspect()).State
      if (!state.Running) {
        reason = 'container-stopped'
        exitCode = state.ExitCode
      }
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) reason = 'container-stopped'
    }
    if (this.stopped) return
    this.options.emit({ type: 'ended', reason, exitCode })
    this.finish()
  }

  private finish(error?: BerthError): void {
    if (this.stopped) return
    this.stop()
    this.options.end(error)
  }
}
