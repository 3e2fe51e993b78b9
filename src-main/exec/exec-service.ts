import type {
  AttachQuery,
  BerthError,
  ExecQuery,
  TerminalEvent,
  TerminalSize,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import type { Peer, StreamContext } from '../ipc/router'
import { StreamSessions } from '../ipc/stream-sessions'
import type { Logger } from '../log/logger'
import { AttachSession } from './attach-session'
import { ExecSession } from './exec-session'
import type { TerminalSession } from './terminal-session'

type Emit = (event: TerminalEvent) => void
type End = (error?: BerthError) => void

/**
 * Terminal sessions of every renderer: programs run in containers and
 * attachments to their main processes. Each belongs to the stream that
 * opened it and ends, on the engine's side too, when that stream closes.
 */
export class ExecService {
  private readonly sessions = new StreamSessions<TerminalSession>('terminal session')

  constructor(
    private readonly engine: EngineConnection,
    private readonly log: Logger,
  ) {}

  shell(query: ExecQuery, emit: Emit, end: End, context: StreamContext): () => void {
    const session = new ExecSession({ engine: this.engine, query, emit, end, log: this.log })
    return this.track(session, context)
  }

  attach(query: AttachQuery, emit: Emit, end: End, context: StreamContext): () => void {
    const session = new AttachSession({ engine: this.engine, query, emit, end, log: this.log })
    return this.track(session, context)
  }

  input(peer: Peer, streamId: string, data: string): void {
    this.sessions.get(peer, streamId).input(data)
  }

  resize(peer: Peer, streamId: string, size: TerminalSize): void {
    this.sessions.get(peer, streamId).resize(size)
  }

  ack(peer: Peer, streamId: string, seq: number): void {
    this.sessions.get(peer, streamId).ack(seq)
  }

  get openSessions(): number {
    return this.sessions.size
  }

  private track(session: TerminalSession & { start(): void }, context: StreamContext): () => void {
    const remove = this.sessions.add(context, session)
    session.start()
    return () => {
      remove()
      session.stop()
    }
  }
}
