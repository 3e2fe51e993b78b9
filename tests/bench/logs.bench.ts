import { request } from 'node:http'

import type Docker from 'dockerode'
import type { Page } from 'playwright-core'

import { createTestContainer } from '../harness/test-containers'
import { median } from './stats'
import type { BenchContext, BenchRow, BenchSuite } from './types'

const bigLog = 200_000
const followed = 1_000_000
const rounds = 5
const lastLine = 'bench-last-line'

/** A container that writes `count` lines of about 56 bytes, then a marker, then exits. */
async function writer(ctx: BenchContext, name: string, count: number, width: number) {
  const script = `yes "$(printf '%0${width}d' 0)" | head -n ${count - 1}; echo ${lastLine}`
  return createTestContainer(ctx.docker, {
    name: `${name}-${ctx.runId}`,
    cmd: ['sh', '-c', script],
    runId: ctx.runId,
  })
}

/** The whole log read through the Engine API, as fast as a client can: bytes and time. */
function rawRead(socketPath: string, id: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const path = `/containers/${id}/logs?stdout=1&stderr=1&tail=all`
    const req = request({ socketPath, path }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve({ ms: performance.now() - started, bytes }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a container's log page and waits for its first lines. */
async function openLogs(page: Page, ctx: BenchContext, id: string): Promise<void> {
  await page.goto(`${ctx.berthUrl}#/containers/${id}/logs`)
  await page.getByRole('log').waitFor()
}

/**
 * From choosing "Whole log" to the painted frame that shows the log's last
 * line: the view re-reads the log from the engine.
 */
async function timeToLastLine(page: Page): Promise<number> {
  await page.getByLabel('Start with').selectOption('100')
  await page.getByRole('log').getByText(lastLine).waitFor()
  const select = await page.getByLabel('Start with').elementHandle()
  return page.evaluate(
    async ({ select, marker }) => {
      if (!(select instanceof HTMLSelectElement)) throw new Error('no tail choice')
      const log = document.querySelector('[role="log"]')!
      const shows = (): boolean =>
        [...log.querySelectorAll('.line')].some((line) => line.textContent === marker)
      // Wait for the view to be emptied by the re-read, then for the marker to come back.
      const back = new Promise<void>((resolve) => {
        let emptied = false
        const observer = new MutationObserver(() => {
          if (!emptied) emptied = !shows()
          else if (shows()) {
            observer.disconnect()
            resolve()
          }
        })
        observer.observe(log, { subtree: true, childList: true, characterData: true })
      })
      const started = performance.now()
      select.value = 'all'
      select.dispatchEvent(new Event('change'))
      await back
      await new Promise((r) => requestAnimationFrame(r))
      return performance.now() - started
    },
    { select, marker: lastLine },
  )
}

interface FollowFigures {
  linesPerSecond: number
  longestTaskMs: number
}

/**
 * Follows a container from its start while it writes as fast as it can.
 * The page notes when its line count first moves and when it reaches the
 * end, and every long task meanwhile.
 */
async function followAtSpeed(page: Page, container: Docker.Container): Promise<FollowFigures> {
  await page.evaluate(() => {
    const state = { tasks: [] as number[] }
    Object.assign(globalThis, { benchFollow: state })
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.tasks.push(entry.duration)
    }).observe({ type: 'longtask' })
  })
  const measuring = page.evaluate(async (target: number) => {
    const status = (): number => {
      const text = document.querySelector('.counts')?.textContent ?? ''
      return Number(/of ([\d,]+) read/.exec(text)?.[1]?.replace(/,/g, '') ?? 0)
    }
    let first = 0
    for (;;) {
      const read = status()
      if (read > 0 && !first) first = performance.now()
      if (read >= target) return { ms: performance.now() - first, read }
      await new Promise((r) => setTimeout(r, 20))
    }
  }, followed)
  await container.start()
  const { ms, read } = await measuring
  const tasks = await page.evaluate(
    () => (globalThis as unknown as { benchFollow: { tasks: number[] } }).benchFollow.tasks,
  )
  return { linesPerSecond: (read / ms) * 1000, longestTaskMs: Math.max(0, ...tasks) }
}

/** The page's JavaScript heap after a full garbage collection, in MiB. */
async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  await cdp.detach()
  return usedSize / (1024 * 1024)
}

const suite: BenchSuite = {
  name: 'logs',
  async run(ctx) {
    const socketPath = new URL(ctx.dockerHost).pathname
    const rows: BenchRow[] = []
    const row = (name: string, value: number, unit: string, goal?: BenchRow['goal']): void => {
      rows.push({ suite: 'logs', name, value, unit, ...(goal ? { goal } : {}) })
    }

    ctx.log(`writing ${bigLog} lines`)
    const big = await writer(ctx, 'bench-logs-big', bigLog, 54)
    await big.start()
    await big.wait()
    const page = await ctx.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await openLogs(page, ctx, big.id)
      await rawRead(socketPath, big.id)
      // Turn about, so that a busy moment of the machine falls on both alike.
      const raw: number[] = []
      const berth: number[] = []
      let bytes = 0
      for (let i = 0; i < rounds; i++) {
        const read = await rawRead(socketPath, big.id)
        raw.push(read.ms)
        bytes = read.bytes
        berth.push(await timeToLastLine(page))
      }
      row(`raw API read of ${bigLog} lines (${(bytes / 1e6).toFixed(1)} MB)`, median(raw), 'ms')
      row('Berth: whole log → last line painted', median(berth), 'ms')
      row('ratio Berth ÷ raw', median(berth) / median(raw), '×', { max: 1.5 })

      ctx.log(`following ${followed} lines at full speed`)
      const fast = await writer(ctx, 'bench-logs-fast', followed, 40)
      // The baseline: the app on its container list, no log open.
      await page.goto(ctx.berthUrl)
      await page.getByRole('grid').waitFor()
      const heapBefore = await heapMiB(page)
      await openLogs(page, ctx, fast.id)
      await page.getByText('waiting for it to start').first().waitFor()
      const follow = await followAtSpeed(page, fast)
      const rawFollow = await rawRead(socketPath, fast.id)
      row('follow at full speed: lines shown per second', follow.linesPerSecond, 'lines/s', {
        min: 50_000,
      })
      row('raw API read of the same lines', (followed / rawFollow.ms) * 1000, 'lines/s')
      // The browser reports only tasks of 50 ms or more: 0 means there was none.
      row('longest main-thread task while following', follow.longestTaskMs, 'ms', { max: 100 })

      const heapAfter = await heapMiB(page)
      const kept = await page.getByLabel('Keep').inputValue()
      row(`renderer heap after ${followed} followed lines`, heapAfter, 'MiB')
      row('growth over the page before the log', heapAfter - heapBefore, 'MiB')
      // What the kept lines themselves need: their text (UTF-16) and a small record each.
      const boundMiB = (Number(kept) * (41 * 2 + 64)) / (1024 * 1024)
      row(`scrollback bound (${kept} lines)`, boundMiB, 'MiB')
      row('growth ÷ scrollback bound', (heapAfter - heapBefore) / boundMiB, '×', { max: 1.5 })
    } finally {
      await page.close()
    }
    return rows
  },
}

export default suite
