import type { Duplex } from 'node:stream'

import type Docker from 'dockerode'
import type { Page } from 'playwright-core'
import WebSocket from 'ws'

import { createTestContainer } from '../harness/test-containers'
import { median, percentile } from './stats'
import type { BenchContext, BenchSuite } from './types'

const keystrokes = 60

/** Waits until `socket` has sent something after now. */
function nextOutput(socket: Duplex): Promise<void> {
  return new Promise((resolve) => socket.once('data', () => resolve()))
}

/**
 * The floor: a shell on a TTY through the raw Engine API. Each keystroke is
 * written to the hijacked connection and timed until its echo comes back.
 */
async function rawEcho(container: Docker.Container): Promise<number[]> {
  const exec = await container.exec({
    Cmd: ['sh'],
    Tty: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  })
  const socket = await exec.start({ hijack: true, stdin: true, Tty: true })
  socket.on('data', () => {})
  await new Promise((resolve) => setTimeout(resolve, 300))
  const times: number[] = []
  try {
    for (let i = 0; i < keystrokes; i++) {
      const echoed = nextOutput(socket)
      const started = performance.now()
      socket.write('x')
      await echoed
      times.push(performance.now() - started)
      const erased = nextOutput(socket)
      socket.write('\x7f')
      await erased
    }
  } finally {
    socket.write('exit\r')
    socket.destroy()
  }
  return times
}

/**
 * In Berth: from a keystroke in the page to the frame in which xterm draws
 * its echo. The keydown is dispatched to xterm's own input element inside
 * the page, so the figure is the app's and not the automation's: a key
 * pressed through the DevTools protocol adds the protocol's own dispatch.
 */
async function berthEcho(page: Page): Promise<number[]> {
  return page.evaluate(async (count) => {
    const input = document.querySelector('.xterm-helper-textarea')
    const rows = document.querySelector('.xterm-rows')
    if (!(input instanceof HTMLTextAreaElement) || !rows) throw new Error('no terminal')
    input.focus()
    // xterm draws in an animation frame callback and the browser paints that
    // frame right after it, so the change seen here is the frame that shows it.
    const drawn = (): Promise<number> =>
      new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect()
          resolve(performance.now())
        })
        observer.observe(rows, { subtree: true, childList: true, characterData: true })
      })
    const press = (key: string, code: string, keyCode: number): void => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key, code, keyCode, bubbles: true }))
    }
    const times: number[] = []
    for (let i = 0; i < count; i++) {
      const echoed = drawn()
      const started = performance.now()
      press('x', 'KeyX', 88)
      times.push((await echoed) - started)
      const erased = drawn()
      press('Backspace', 'Backspace', 8)
      await erased
      // Keystrokes at a typist's pace, not at the frame's.
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30))
    }
    return times
  }, keystrokes)
}

/**
 * The same keystroke through Berth's own bridge from a WebSocket client in
 * Node: request, main process, engine and back, without a browser.
 */
async function bridgeEcho(ctx: BenchContext, container: string): Promise<number[]> {
  const url = new URL(ctx.berthUrl)
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.searchParams.get('token')}`, {
    headers: { origin: `http://${url.host}` },
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const send = (frame: object): void => ws.send(JSON.stringify(frame))
  let onOutput: (() => void) | undefined
  let ready: () => void = () => {}
  const started = new Promise<void>((resolve) => (ready = resolve))
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as {
      kind: string
      event?: { type: string; seq?: number }
    }
    if (frame.kind !== 'stream') return
    if (frame.event?.type === 'ready') ready()
    if (frame.event?.type === 'output') {
      onOutput?.()
      // Painted at once, as far as this client is concerned.
      const args = { streamId: 'bench', seq: frame.event.seq }
      send({ kind: 'invoke', seq: 0, method: 'exec.ack', args })
    }
  })
  send({
    kind: 'open',
    seq: 1,
    streamId: 'bench',
    name: 'exec.shell',
    args: { container, cols: 80, rows: 24 },
  })
  await started
  await new Promise((resolve) => setTimeout(resolve, 300))
  const times: number[] = []
  try {
    for (let i = 0; i < keystrokes * 2; i++) {
      const echoed = new Promise<void>((resolve) => (onOutput = resolve))
      const start = performance.now()
      send({
        kind: 'invoke',
        seq: 2 + i,
        method: 'exec.input',
        args: { streamId: 'bench', data: i % 2 ? '\x7f' : 'x' },
      })
      await echoed
      if (i % 2 === 0) times.push(performance.now() - start)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  } finally {
    ws.close()
  }
  return times
}

const suite: BenchSuite = {
  name: 'exec',
  async run(ctx: BenchContext) {
    const name = `bench-exec-${ctx.runId}`
    const container = await createTestContainer(ctx.docker, {
      name,
      cmd: ['sleep', '3600'],
      start: true,
      runId: ctx.runId,
    })
    ctx.log('echo through the raw API, the bridge, and the page')
    const raw = await rawEcho(container)
    const bridge = await bridgeEcho(ctx, container.id)

    const page = await ctx.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await page.goto(`${ctx.berthUrl}#/containers/${container.id}/terminal`)
      await page.getByRole('button', { name: 'New terminal' }).click()
      await page.locator('.xterm-rows').getByText('/ #').waitFor()
      await page.locator('.xterm-helper-textarea').focus()
      const berth = await berthEcho(page)
      return [
        { suite: 'exec', name: 'raw exec echo (median)', value: median(raw), unit: 'ms' },
        { suite: 'exec', name: 'raw exec echo (p95)', value: percentile(raw, 95), unit: 'ms' },
        {
          suite: 'exec',
          name: 'through Berth’s bridge from Node (median)',
          value: median(bridge),
          unit: 'ms',
        },
        {
          suite: 'exec',
          name: 'keystroke → echo drawn in the page (median)',
          value: median(berth),
          unit: 'ms',
          goal: { max: 5 },
        },
        {
          suite: 'exec',
          name: 'keystroke → echo drawn in the page (p95)',
          value: percentile(berth, 95),
          unit: 'ms',
        },
      ]
    } finally {
      await page.close()
    }
  },
}

export default suite
