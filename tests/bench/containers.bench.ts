import { request } from 'node:http'

import type Docker from 'dockerode'
import type { Page } from 'playwright-core'

import { createTestContainer } from '../harness/test-containers'
import { median, percentile, pool } from './stats'
import type { BenchContext, BenchSuite } from './types'

const total = Number(process.env.BERTH_BENCH_CONTAINERS ?? 1000)
const running = Math.round(total / 5)
const rounds = 7

/** `GET /containers/json?all=1`, read and parsed: what any client must at least do. */
function rawList(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request({ socketPath, path: '/containers/json?all=1' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString())
        resolve(performance.now() - started)
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** From the click on Refresh to the next painted frame after the new list is in. */
async function berthRefresh(page: Page): Promise<number> {
  const handle = await page.getByRole('button', { name: 'Refresh' }).elementHandle()
  return page.evaluate(async (button) => {
    if (!(button instanceof HTMLElement)) throw new Error('no Refresh button')
    // The frame that shows the change is painted just after its animation
    // callbacks; a message posted from one runs once that paint is done.
    const painted = (): Promise<void> =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => resolve()
          channel.port2.postMessage(null)
        }),
      )
    const started = performance.now()
    const done = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (button.getAttribute('aria-busy') === 'false') {
          observer.disconnect()
          resolve()
        }
      })
      observer.observe(button, { attributes: true, attributeFilter: ['aria-busy'] })
    })
    button.click()
    await done
    await painted()
    return performance.now() - started
  }, handle)
}

/** Waits for the engine's start event of a container and returns its time in ms. */
async function startAndStamp(docker: Docker, container: Docker.Container): Promise<number> {
  const events = (await docker.getEvents({
    filters: { type: ['container'], event: ['start'], container: [container.id] },
  })) as NodeJS.ReadableStream & { destroy(): void }
  const stamp = new Promise<number>((resolve) => {
    events.on('data', (chunk: Buffer) => {
      const event = JSON.parse(chunk.toString().split('\n')[0]!) as { timeNano: number }
      resolve(event.timeNano / 1e6)
    })
  })
  await container.start()
  const time = await stamp
  events.destroy()
  return time
}

async function eventToRow(ctx: BenchContext, page: Page): Promise<number[]> {
  const name = `bench-evt-${ctx.runId}`
  const container = await createTestContainer(ctx.docker, {
    name,
    cmd: ['sleep', '3600'],
    runId: ctx.runId,
  })
  await page.getByLabel('Filter containers').fill(name)
  const row = page.getByRole('row', { name: new RegExp(name) })
  await row.waitFor()

  const delays: number[] = []
  for (let round = 0; round < 9; round++) {
    // The page notes the wall-clock time at which the row first says Running.
    const seen = page.evaluate(
      (rowName) =>
        new Promise<number>((resolve) => {
          const check = (): boolean => {
            const target = [...document.querySelectorAll('[role="row"]')].find((r) =>
              r.textContent?.includes(rowName),
            )
            if (target?.textContent?.includes('Running')) {
              resolve(performance.timeOrigin + performance.now())
              return true
            }
            return false
          }
          if (check()) return
          const observer = new MutationObserver(() => check() && observer.disconnect())
          observer.observe(document.body, { subtree: true, childList: true, characterData: true })
        }),
      name,
    )
    const started = await startAndStamp(ctx.docker, container)
    delays.push((await seen) - started)
    await container.kill()
    await row.getByText('Exited', { exact: true }).waitFor()
  }
  await page.getByLabel('Filter containers').fill('')
  return delays
}

/** Scrolls the whole table and returns the frame intervals seen meanwhile. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const body = document.querySelector('[role="grid"] [role="rowgroup"]:last-child')
    if (!(body instanceof HTMLElement)) throw new Error('no table body')
    const gaps: number[] = []
    let last = performance.now()
    body.scrollTop = 0
    while (body.scrollTop + body.clientHeight < body.scrollHeight - 1) {
      body.scrollTop += 120
      const now = await new Promise<number>((r) => requestAnimationFrame(r))
      gaps.push(now - last)
      last = now
    }
    return gaps
  })
}

const suite: BenchSuite = {
  name: 'containers',
  async run(ctx) {
    ctx.log(`creating ${total} containers, ${running} running`)
    const creating = performance.now()
    await pool(total, 6, async (index) => {
      const container = await createTestContainer(ctx.docker, {
        name: `bench-${ctx.runId}-${index}`,
        cmd: ['sleep', '3600'],
        runId: ctx.runId,
      })
      if (index < running) await container.start()
    })

    ctx.log(`created in ${((performance.now() - creating) / 1000).toFixed(1)} s`)
    const socketPath = new URL(ctx.dockerHost).pathname
    await rawList(socketPath)
    const raw: number[] = []
    for (let i = 0; i < rounds; i++) raw.push(await rawList(socketPath))

    const page = await ctx.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await page.goto(ctx.berthUrl)
      await page.getByRole('row', { name: new RegExp(`bench-${ctx.runId}-0\\b`) }).waitFor()
      await berthRefresh(page)
      const berth: number[] = []
      for (let i = 0; i < rounds; i++) berth.push(await berthRefresh(page))

      const frames = await scrollFrames(page)
      const domRows = await page.locator('[role="row"]').count()
      const delays = await eventToRow(ctx, page)

      const rawMedian = median(raw)
      const berthMedian = median(berth)
      return [
        { suite: 'containers', name: `raw API list of ${total}`, value: rawMedian, unit: 'ms' },
        {
          suite: 'containers',
          name: 'Berth refresh → rendered table',
          value: berthMedian,
          unit: 'ms',
        },
        {
          suite: 'containers',
          name: 'ratio Berth ÷ raw',
          value: berthMedian / rawMedian,
          unit: '×',
          goal: { max: 1.5 },
        },
        {
          suite: 'containers',
          name: 'start event → row shows Running (median)',
          value: median(delays),
          unit: 'ms',
          goal: { max: 100 },
        },
        {
          suite: 'containers',
          name: 'start event → row shows Running (p95)',
          value: percentile(delays, 95),
          unit: 'ms',
        },
        {
          suite: 'containers',
          name: `frame while scrolling ${total} rows (p95)`,
          value: percentile(frames, 95),
          unit: 'ms',
        },
        {
          suite: 'containers',
          name: `longest frame scrolling ${total} rows`,
          value: Math.max(...frames),
          unit: 'ms',
        },
        {
          suite: 'containers',
          name: 'rows in the DOM while scrolling',
          value: domRows,
          unit: 'rows',
        },
      ]
    } finally {
      await page.close()
    }
  },
}

export default suite
