import type { TerminalSize } from '../../src-preload/contract'

/** A running terminal, as the requests addressed to its stream reach it. */
export interface TerminalSession {
  input(data: string): void
  resize(size: TerminalSize): void
  ack(seq: number): void
  /** Closes the session on the engine's side too; nothing is emitted after. */
  stop(): void
}
