import { beforeEach, describe, expect, it } from 'vitest'

import type { TerminalEvent } from '../../../src-preload/contract'
import {
  TerminalSession,
  type TerminalScreen,
} from '../../../src-renderer/src/terminal/terminal-session'
import { FakeClient } from './fake-client'

/** A screen that records what it is given and paints when told. */
class FakeScreen implements TerminalScreen {
  cols = 80
  rows = 24
  written: string[] = []
  plain = false
  input = true
  private unpainted: Array<() => void> = []
  private dataListener: (data: string) => void = () => {}
  private resizeListener: (size: { cols: number; rows: number }) => void = () => {}

  write(data: string, painted: () => void): void {
    this.written.push(data)
    this.unpainted.push(painted)
  }
  onData(listener: (data: string) => void): void {
    this.dataListener = listener
  }
  onResize(listener: (size: { cols: number; rows: number }) => void): void {
    this.resizeListener = listener
  }
  setPlainOutput(plain: boolean): void {
    this.plain = plain
  }
  setInputEnabled(enabled: boolean): void {
    this.input = enabled
  }
  type(data: string): void {
    this.dataListener(data)
  }
  resize(cols: number, rows: number): void {
    this.cols = cols
    this.rows = rows
    // xterm's event carries more than the size; only the size may be sent on.
    this.resizeListener({ cols, rows, colsChanged: true } as { cols: number; rows: number })
  }
  paint(): void {
    for (const done of this.unpainted.splice(0)) done()
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('TerminalSession', () => {
  let client: FakeClient
  let screen: FakeScreen
  let session: TerminalSession

  beforeEach(async () => {
    client = new FakeClient()
    screen = new FakeScreen()
    session = new TerminalSession(
      { kind: 'shell', container: 'web', user: 'app', workingDir: '/srv' },
      screen,
      client,
    )
    await session.connect()
  })

  const emit = (event: TerminalEvent): void => client.last('exec.shell').callbacks.event(event)

  it('starts the program at the screen’s size with the chosen user and folder', () => {
    expect(client.last('exec.shell').args).toEqual({
      container: 'web',
      cols: 80,
      rows: 24,
      user: 'app',
      workingDir: '/srv',
    })
  })

  it('paints output and acknowledges it once painted', async () => {
    emit({ type: 'ready', command: ['sh'], tty: true, stdin: true })
    emit({ type: 'output', seq: 1, data: '$ ' })
    emit({ type: 'output', seq: 2, data: 'hello\r\n' })
    expect(screen.written).toEqual(['$ ', 'hello\r\n'])
    await settle()
    expect(client.requestsOf('exec.ack')).toEqual([])
    screen.paint()
    await settle()
    expect(client.requestsOf('exec.ack')).toEqual([{ streamId: 'fake-1', seq: 2 }])
    expect(session.status.value).toEqual({ kind: 'ready', command: ['sh'] })
  })

  it('sends a long paste whole, in order, in pieces', async () => {
    const paste = 'x'.repeat(150 * 1024)
    screen.type(paste)
    screen.type('\r')
    await settle()
    await settle()
    const sent = client.requestsOf('exec.input') as Array<{ data: string }>
    expect(sent.map((r) => r.data.length)).toEqual([65536, 65536, 22528, 1])
    expect(sent.map((r) => r.data).join('')).toBe(paste + '\r')
  })

  it('sends a waiting resize before what is typed after it', async () => {
    screen.resize(120, 40)
    screen.type('stty size\r')
    for (let i = 0; i < 4; i++) await settle()
    expect(client.requests.map((r) => r.method)).toEqual(['exec.resize', 'exec.input'])
    expect(client.requestsOf('exec.resize')).toEqual([{ streamId: 'fake-1', cols: 120, rows: 40 }])
  })

  it('shows the output of an attach without a TTY with line ends, and no input', () => {
    emit({ type: 'ready', command: ['server'], tty: false, stdin: false })
    expect(screen.plain).toBe(true)
    expect(screen.input).toBe(false)
  })

  it('tells how the program ended and starts it again on reconnect', async () => {
    emit({ type: 'ended', reason: 'exited', exitCode: 7 })
    client.last('exec.shell').callbacks.end?.()
    expect(session.status.value).toEqual({ kind: 'ended', reason: 'exited', exitCode: 7 })
    expect(session.live).toBe(false)

    await session.connect()
    expect(client.streams).toHaveLength(2)
    expect(session.status.value).toEqual({ kind: 'connecting' })
  })

  it('closes its stream when disconnected, and ignores what comes after', () => {
    const stream = client.last('exec.shell')
    session.disconnect()
    expect(stream.closed).toBe(true)
    stream.callbacks.event({ type: 'output', seq: 1, data: 'late' })
    expect(screen.written).toEqual([])
  })
})
